package dev.hearth.vm.microvm;

/** The agent channel ended or stopped answering; the message says how. */
final class ChannelFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  ChannelFailedException(String message) {
    super(message);
  }
}
