package dev.hearth.testing.github;

/** A commit status the fake received, in the order received. */
public record FakeStatus(long id, String sha, String state, String context, String description, String targetUrl,
    String createdAt) {}
