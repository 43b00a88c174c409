package dev.hearth.vm.microvm.image;

import dev.hearth.vm.VmException;

/**
 * A guest image that could not be built or found; the message names the step, the file or the
 * command and what it said.
 */
public final class ImageException extends VmException {
  private static final long serialVersionUID = 1L;

  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
