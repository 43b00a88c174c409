package dev.hearth.server.github;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A GitHub App's private key from PEM text: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, as GitHub issues
 * it) or PKCS#8 ({@code BEGIN PRIVATE KEY}, as {@code openssl pkcs8 -topk8} writes it). The JDK reads
 * only PKCS#8, so a PKCS#1 key is wrapped in the PKCS#8 structure (a fixed algorithm identifier and
 * an octet string around it) rather than pulling in Bouncy Castle for one conversion.
 */
public final class AppPrivateKey {
  private static final String PKCS1 = "RSA PRIVATE KEY";
  private static final String PKCS8 = "PRIVATE KEY";
  /** AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
  private static final byte[] RSA_ALGORITHM = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private AppPrivateKey() {}

  /**
   * Reads the key in {@code pem}; {@code source} names where it came from (a file path) for errors.
   *
   * @throws IllegalArgumentException naming {@code source} and what was expected
   */
  public static RSAPrivateKey parse(String pem, String source) {
    String label = pem.contains("-----BEGIN " + PKCS1 + "-----") ? PKCS1
        : pem.contains("-----BEGIN " + PKCS8 + "-----") ? PKCS8 : null;
    if (label == null) {
      throw new IllegalArgumentException(source + ": expected a PEM private key ('-----BEGIN RSA PRIVATE KEY-----' "
          + "as GitHub issues it, or '-----BEGIN PRIVATE KEY-----'), found neither");
    }
    int from = pem.indexOf("-----BEGIN " + label + "-----") + ("-----BEGIN " + label + "-----").length();
    int to = pem.indexOf("-----END " + label + "-----", from);
    if (to < 0) throw new IllegalArgumentException(source + ": the PEM block has no '-----END " + label + "-----' line");
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(from, to).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": the PEM block is not valid base64: " + e.getMessage(), e);
    }
    byte[] pkcs8 = label.equals(PKCS1) ? wrapPkcs1(der) : der;
    try {
      return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException(source + ": not an RSA private key GitHub could have issued: " + e.getMessage(), e);
    }
  }

  /** PrivateKeyInfo ::= SEQUENCE { version INTEGER 0, algorithm, privateKey OCTET STRING (the PKCS#1 key) }. */
  static byte[] wrapPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.write(0x04);
    body.writeBytes(length(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(length(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  /** A DER length: short form below 128, else 0x8N followed by N big-endian bytes. */
  private static byte[] length(int n) {
    if (n < 0x80) return new byte[] {(byte) n};
    int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
    byte[] out = new byte[bytes + 1];
    out[0] = (byte) (0x80 | bytes);
    for (int i = bytes; i >= 1; i--) {
      out[i] = (byte) n;
      n >>>= 8;
    }
    return out;
  }
}
