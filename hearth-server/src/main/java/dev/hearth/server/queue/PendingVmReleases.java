package dev.hearth.server.queue;

import dev.hearth.server.store.Progress;
import dev.hearth.server.store.StoreException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VM releases the store could not record when they happened (it was unreachable): the VM is gone, but
 * its record still says allocated. Written again once the store answers, so a host cut from its
 * database leaves no VM record behind it. Thread-safe.
 */
final class PendingVmReleases {
  private static final Logger LOG = LoggerFactory.getLogger(PendingVmReleases.class);

  private final Map<String, Instant> pending = new ConcurrentHashMap<>();

  /** Records that {@code vmId} was released at {@code at}, now or, when the store fails, later. */
  void released(Progress progress, String vmId, Instant at) {
    try {
      progress.vmReleased(vmId, at);
    } catch (StoreException e) {
      pending.put(vmId, at);
      LOG.warn("vm={} released, but the store could not record it (recorded once it answers again): {}", vmId,
          e.getMessage());
    }
  }

  /** Writes the releases still pending; those the store still refuses stay pending. */
  void flush(Progress progress) {
    for (Map.Entry<String, Instant> e : Map.copyOf(pending).entrySet()) {
      try {
        progress.vmReleased(e.getKey(), e.getValue());
        pending.remove(e.getKey());
        LOG.info("vm={} release at {} recorded now that the store answers again", e.getKey(), e.getValue());
      } catch (StoreException failed) {
        return;
      }
    }
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }
}
