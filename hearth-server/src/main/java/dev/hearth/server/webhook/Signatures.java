package dev.hearth.server.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Hub-Signature-256} ({@code sha256=} and the hex HMAC-SHA256 of the body) against
 * every configured secret, in constant time for each; several secrets allow rotation.
 */
public final class Signatures {
  private static final String PREFIX = "sha256=";
  private final List<byte[]> secrets;

  public Signatures(List<String> secrets) {
    if (secrets.isEmpty()) throw new IllegalArgumentException("at least one webhook secret is needed");
    this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** Whether {@code header} is the signature of {@code body} made with one of the secrets. */
  public boolean verify(String header, byte[] body, int length) {
    if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + 64) return false;
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
    } catch (IllegalArgumentException e) {
      return false;
    }
    boolean ok = false;
    for (byte[] secret : secrets) ok |= MessageDigest.isEqual(hmac(secret, body, length), given);
    return ok;
  }

  /** The header GitHub would send for {@code body} signed with {@code secret} (for tests and tools). */
  public static String sign(String secret, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body, body.length));
  }

  private static byte[] hmac(byte[] secret, byte[] body, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(body, 0, length);
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
