package dev.hearth.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.event.Event;
import java.util.Objects;

/**
 * What the {@code github} context says about where a run comes from, beyond the event.
 *
 * @param repository {@code owner/name}
 * @param sha the commit under test ({@code GITHUB_SHA})
 * @param actor who triggered the run ({@code GITHUB_ACTOR})
 * @param runNumber {@code GITHUB_RUN_NUMBER}, from 1
 * @param runAttempt {@code GITHUB_RUN_ATTEMPT}, from 1
 * @param serverUrl {@code GITHUB_SERVER_URL}
 * @param apiUrl {@code GITHUB_API_URL}
 */
public record RunMetadata(
    String repository, String sha, String actor, long runNumber, int runAttempt, String serverUrl, String apiUrl) {

  public RunMetadata {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(sha, "sha");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(apiUrl, "apiUrl");
  }

  /**
   * What the event's payload tells (repository full name, head commit, sender), with neutral
   * values where it says nothing: {@code local/repository}, forty zeros, {@code hearth}.
   */
  public static RunMetadata fromEvent(Event event) {
    JsonNode p = event.payload();
    String repo = text(p.path("repository").path("full_name"), "local/repository");
    String sha = text(p.path("after"),
        text(p.path("pull_request").path("head").path("sha"), text(p.path("head_commit").path("id"), "0".repeat(40))));
    String actor = text(p.path("sender").path("login"), "hearth");
    return new RunMetadata(repo, sha, actor, 1, 1, "https://github.com", "https://api.github.com");
  }

  /** This metadata with another repository, sha and actor (the CLI reads them from git). */
  public RunMetadata with(String newRepository, String newSha, String newActor) {
    return new RunMetadata(newRepository, newSha, newActor, runNumber, runAttempt, serverUrl, apiUrl);
  }

  private static String text(JsonNode node, String fallback) {
    return node.isTextual() && !node.asText().isBlank() ? node.asText() : fallback;
  }
}
