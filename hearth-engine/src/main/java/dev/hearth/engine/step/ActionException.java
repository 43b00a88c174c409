package dev.hearth.engine.step;

/** An action step that cannot run (missing action, bad action file, Docker); the message is for the step's log. */
final class ActionException extends Exception {
  private static final long serialVersionUID = 1L;

  ActionException(String message) {
    super(message);
  }
}
