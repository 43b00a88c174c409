package dev.hearth.engine.step;

/**
 * What workflow commands remember across the steps of a job: whether commands are stopped (and
 * the token that resumes them) and whether commands are echoed. Used by one thread at a time.
 */
final class CommandState {
  String stopToken;
  boolean echo;

  CommandState(boolean debug) {
    this.echo = debug;
  }

  boolean stopped() {
    return stopToken != null;
  }
}
