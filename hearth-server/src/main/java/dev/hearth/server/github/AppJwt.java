package dev.hearth.server.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The JSON Web Token a GitHub App authenticates with, as GitHub's "Generating a JSON Web Token (JWT)
 * for a GitHub App" describes: RS256, {@code iat} 60 seconds in the past (against clock drift),
 * {@code exp} at most ten minutes ahead, {@code iss} the app's id.
 *
 * <p>Signed with the JDK's {@code SHA256withRSA}: the token is one fixed header and three numeric
 * claims, so a JWT library would add a dependency (and its JSON stack) for twenty lines.
 */
public final class AppJwt {
  static final Duration BACKDATE = Duration.ofSeconds(60);
  static final Duration LIFETIME = Duration.ofMinutes(9);
  private static final String HEADER = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final String appId;
  private final RSAPrivateKey key;
  private final Clock clock;

  public AppJwt(String appId, RSAPrivateKey key, Clock clock) {
    this.appId = Objects.requireNonNull(appId, "appId");
    if (appId.isBlank()) throw new IllegalArgumentException("the GitHub App id (or client id) is empty");
    this.key = Objects.requireNonNull(key, "key");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A fresh token, valid from a minute ago for {@link #LIFETIME} from now. */
  public String sign() {
    Instant now = clock.instant();
    long iat = now.minus(BACKDATE).getEpochSecond();
    long exp = now.plus(LIFETIME).getEpochSecond();
    String claims = "{\"iat\":" + iat + ",\"exp\":" + exp + ",\"iss\":\"" + appId.replace("\"", "") + "\"}";
    String signingInput = HEADER + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing the JWT of GitHub App " + appId + ": " + e.getMessage(), e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
