package dev.hearth.vm;

/**
 * A VM that could not be made or used: its message names the VM (or the spec) and what failed, for
 * a person reading a run's log ({@code "vm=host-3: workspace /tmp/x could not be created: …"}).
 */
public class VmException extends Exception {
  private static final long serialVersionUID = 1L;

  public VmException(String message) {
    super(message);
  }

  public VmException(String message, Throwable cause) {
    super(message, cause);
  }
}
