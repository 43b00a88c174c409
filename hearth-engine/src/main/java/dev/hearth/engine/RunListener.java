package dev.hearth.engine;

import java.util.List;

/**
 * Where progress leaves the engine: the CLI printer, the JSON event stream, the store, live logs and
 * metrics are all listeners.
 *
 * <p>Ordering contract: for one run, events arrive in the order they happened, from one thread at a
 * time per job (jobs of one run may report from different threads, so a listener that serves several
 * jobs must be thread-safe). Every {@code *Started} event is followed by exactly one matching
 * {@code *Finished} event, also after failure and cancellation; {@link RunEvent.VmAllocated} is followed
 * by exactly one {@link RunEvent.VmReleased}. Log lines are already masked. A listener must not block
 * for long and must not throw (what it throws is logged and ignored).
 */
@FunctionalInterface
public interface RunListener {
  RunListener NONE = event -> {};

  void on(RunEvent event);

  /** One listener that tells each of {@code listeners} in turn. */
  static RunListener all(List<RunListener> listeners) {
    List<RunListener> copy = List.copyOf(listeners);
    return event -> {
      for (RunListener l : copy) {
        try {
          l.on(event);
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(RunListener.class).warn("listener {} failed on {}: {}", l, event.type(), e.toString());
        }
      }
    };
  }
}
