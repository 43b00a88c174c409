package dev.hearth.testing.github;

import java.time.Instant;

/** An installation token the fake issued to a GitHub App. */
public record IssuedToken(long appId, long installationId, String token, Instant expiresAt) {}
