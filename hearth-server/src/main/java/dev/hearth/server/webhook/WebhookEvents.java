package dev.hearth.server.webhook;

import java.util.Set;

/** The webhook events Hearth runs workflows for; every other event is acknowledged and ignored. */
public final class WebhookEvents {
  /** Events whose payload names a repository and a commit or ref to run at. */
  public static final Set<String> ACTED_ON = Set.of("push", "pull_request", "pull_request_target", "workflow_dispatch");

  private WebhookEvents() {}

  public static boolean actsOn(String event) {
    return ACTED_ON.contains(event);
  }
}
