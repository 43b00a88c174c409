package dev.hearth.testing.github;

/** An annotation a check run received, as GitHub stores it. */
public record FakeAnnotation(String path, int startLine, int endLine, Integer startColumn, Integer endColumn,
    String level, String message, String title) {}
