package dev.hearth.vm.microvm;

/** The agent sent bytes that are not a frame of the protocol (a bad length, a short payload). */
final class MalformedFrameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedFrameException(String message) {
    super(message);
  }
}
