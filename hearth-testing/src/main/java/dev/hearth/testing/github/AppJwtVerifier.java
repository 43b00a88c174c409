package dev.hearth.testing.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Checks a GitHub App's JWT as GitHub does: RS256 signed with the key registered for its {@code
 * iss}, {@code iat} not in the future (a minute of drift allowed), {@code exp} in the future and at
 * most ten minutes after now (again with a minute of drift). Answers 401 with GitHub's messages.
 */
final class AppJwtVerifier {
  static final Duration MAX_LIFETIME = Duration.ofMinutes(10);
  static final Duration DRIFT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private AppJwtVerifier() {}

  /** The app id the token proves, or a 401. */
  static long verify(String jwt, Map<Long, PublicKey> apps, Clock clock) throws ApiError {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) throw new ApiError(401, "A JSON web token could not be decoded");
    JsonNode header;
    JsonNode claims;
    try {
      header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (Exception e) {
      throw new ApiError(401, "A JSON web token could not be decoded");
    }
    if (!"RS256".equals(header.path("alg").asText())) throw new ApiError(401, "A JSON web token could not be decoded");
    long appId;
    try {
      appId = Long.parseLong(claims.path("iss").asText());
    } catch (NumberFormatException e) {
      throw new ApiError(401, "'Issuer' claim ('iss') must be an Integer");
    }
    PublicKey key = apps.get(appId);
    if (key == null) throw new ApiError(401, "Integration not found");
    if (!signatureHolds(parts, key)) throw new ApiError(401, "A JSON web token could not be decoded");
    long now = clock.instant().getEpochSecond();
    if (!claims.path("iat").canConvertToLong() || claims.get("iat").asLong() > now + DRIFT.toSeconds()) {
      throw new ApiError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
    }
    if (!claims.path("exp").canConvertToLong() || claims.get("exp").asLong() <= now) {
      throw new ApiError(401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
    }
    if (claims.get("exp").asLong() > now + MAX_LIFETIME.plus(DRIFT).toSeconds()) {
      throw new ApiError(401, "'Expiration time' claim ('exp') is too far in the future");
    }
    return appId;
  }

  private static boolean signatureHolds(String[] parts, PublicKey key) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return rsa.verify(Base64.getUrlDecoder().decode(parts[2]));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
