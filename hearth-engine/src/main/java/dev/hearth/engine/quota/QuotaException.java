package dev.hearth.engine.quota;

/**
 * A run's quota cannot be resolved: a {@code runs-on} label that claims Hearth's quota convention but
 * does not parse, labels that contradict each other, or a label asking for more than its
 * repository's cap. The message names the label, the field and the cap; the run fails before any VM
 * is allocated.
 */
public final class QuotaException extends Exception {
  private static final long serialVersionUID = 1L;

  public QuotaException(String message) {
    super(message);
  }
}
