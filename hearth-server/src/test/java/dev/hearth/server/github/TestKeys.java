package dev.hearth.server.github;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** RSA keys for App tests, written as PEM the way GitHub (PKCS#1) and openssl pkcs8 (PKCS#8) write them. */
final class TestKeys {
  static final KeyPair PAIR = generate();

  private TestKeys() {}

  static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pkcs8Pem(KeyPair pair) {
    return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  /** The PKCS#1 key inside the PKCS#8 structure: the content of its final OCTET STRING. */
  static String pkcs1Pem(KeyPair pair) {
    byte[] der = pair.getPrivate().getEncoded();
    int i = 1 + lengthSize(der, 1); // past the outer SEQUENCE header
    i += 3; // INTEGER 0
    i += 2 + der[i + 1]; // the AlgorithmIdentifier SEQUENCE (short length)
    if (der[i] != 0x04) throw new IllegalStateException("expected an OCTET STRING at " + i);
    int header = 1 + lengthSize(der, i + 1);
    return pem("RSA PRIVATE KEY", Arrays.copyOfRange(der, i + header, der.length));
  }

  private static int lengthSize(byte[] der, int at) {
    int b = der[at] & 0xff;
    return b < 0x80 ? 1 : 1 + (b & 0x7f);
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
