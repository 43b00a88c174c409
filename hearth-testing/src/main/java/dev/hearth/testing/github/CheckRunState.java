package dev.hearth.testing.github;

/**
 * A check run as it stood after one create or update call.
 *
 * @param status {@code queued}, {@code in_progress}, {@code completed}, …
 * @param conclusion null until completed
 */
public record CheckRunState(String name, String status, String conclusion, String startedAt, String completedAt,
    String title, String summary, String text, int annotationsCount) {}
