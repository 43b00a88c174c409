package dev.hearth.server.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.server.source.Mirrors;
import dev.hearth.server.source.SourceException;
import dev.hearth.server.source.SourceRequest;
import dev.hearth.server.store.Delivery;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkouts on this host's disk, {@code <data-dir>/checkouts/<delivery>}, from claim to deletion.
 * A run claimed by this host whose checkout is not here (planned by another host of the fleet) gets
 * its commit fetched again ({@link #local}). A delivery's checkout is deleted once every run made of
 * it is final ({@link #deleteIfFinal}: finished, cancelled while queued); a {@link #sweep} deletes every
 * checkout here whose delivery has no run queued or running and is not waiting to be planned — at
 * start (runs failed by the restart, runs that finished on other hosts, directories of unknown
 * deliveries), soon after a concurrency group replaced a queued run ({@link #sweepSoon}), and every
 * {@link #SWEEP_EVERY} (runs planned here that another host executed). A checkout of a run that is
 * queued or running is never deleted. Only this host's own directory is touched.
 */
final class RunCheckouts {
  /** How often {@link #sweepIfDue} sweeps when nothing asked for it. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(RunCheckouts.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final Mirrors mirrors;
  private final Path checkouts;
  private final Clock clock;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private volatile boolean sweepRequested;
  private volatile Instant nextSweep = Instant.MIN;

  RunCheckouts(Store store, Mirrors mirrors, Path checkouts, Clock clock) {
    this.store = store;
    this.mirrors = mirrors;
    this.checkouts = checkouts;
    this.clock = clock;
  }

  /** Where delivery {@code deliveryId}'s checkout lives on this host. */
  Path dir(String deliveryId) {
    return checkouts.resolve(deliveryId);
  }

  /** {@code run} with a checkout on this host: as it is when its checkout is here, else fetched again at its commit. */
  StoredRun local(StoredRun run) throws RunRequests.Unplannable {
    if (run.checkout() != null && Files.isDirectory(Path.of(run.checkout()))) return run;
    Path dir = dir(run.deliveryId());
    synchronized (locks.computeIfAbsent(run.deliveryId(), k -> new Object())) {
      if (!Files.isDirectory(dir.resolve(".git"))) fetch(run, dir);
    }
    return new StoredRun(run.id(), run.deliveryId(), run.workflowFile(), run.workflowName(), run.event(), run.repository(),
        run.sha(), dir.toString(), run.fork(), run.state(), run.conclusion(), run.reason(), run.attempts(), run.queuedAt(),
        run.startedAt(), run.finishedAt());
  }

  private void fetch(StoredRun run, Path dir) throws RunRequests.Unplannable {
    Delivery delivery = store.delivery(run.deliveryId())
        .orElseThrow(() -> new RunRequests.Unplannable("its delivery " + run.deliveryId() + " is not in the store"));
    try {
      JsonNode payload = JSON.readTree(delivery.payload());
      delete(dir);
      SourceRequest source = Payloads.source(delivery.event(), payload);
      mirrors.checkoutAt(source, run.sha(), dir);
    } catch (IOException e) {
      throw new RunRequests.Unplannable("its delivery's payload cannot be read: " + e.getMessage());
    } catch (SourceException e) {
      throw new RunRequests.Unplannable("its commit " + run.sha() + " cannot be checked out on this host: " + e.getMessage());
    }
  }

  /**
   * Deletes delivery {@code deliveryId}'s checkout on this host when every run made of it is finished
   * (and it is not waiting to be planned again); true when it did.
   */
  boolean deleteIfFinal(String deliveryId) {
    try {
      List<StoredRun> runs = store.runsOf(deliveryId);
      if (runs.stream().anyMatch(r -> !r.state().equals(StoredRun.FINISHED))) return false;
      if (store.delivery(deliveryId).map(d -> d.state() == Delivery.State.ACCEPTED).orElse(false)) return false;
      Path dir = dir(deliveryId);
      if (!Files.exists(dir)) return false;
      delete(dir);
      LOG.info("delivery={} checkout {} deleted: its {} run(s) are finished", deliveryId, dir, runs.size());
      return true;
    } catch (RuntimeException e) {
      LOG.warn("delivery={} checkout not deleted: {}", deliveryId, e.toString());
      return false;
    }
  }

  /** Asks for a {@link #sweep} at the queue's next wake (a concurrency group replaced a queued run). */
  void sweepSoon() {
    sweepRequested = true;
  }

  /** Sweeps when asked to or when {@link #SWEEP_EVERY} has passed since the last sweep. */
  void sweepIfDue() {
    Instant now = clock.instant();
    if (!sweepRequested && now.isBefore(nextSweep)) return;
    sweep();
  }

  /**
   * Deletes every checkout on this host whose delivery is not in progress (no run queued or running,
   * not waiting to be planned), including directories of deliveries the store does not know; returns
   * how many. The directories are listed before the store is asked, so a checkout made meanwhile is
   * never mistaken for a final one.
   */
  int sweep() {
    sweepRequested = false;
    nextSweep = clock.instant().plus(SWEEP_EVERY);
    if (!Files.isDirectory(checkouts)) return 0;
    List<Path> dirs;
    try (Stream<Path> list = Files.list(checkouts)) {
      dirs = list.toList();
    } catch (IOException e) {
      LOG.warn("cannot list the checkouts in {}: {}", checkouts, e.toString());
      return 0;
    }
    if (dirs.isEmpty()) return 0;
    Set<String> inProgress;
    try {
      inProgress = store.deliveriesInProgress();
    } catch (RuntimeException e) {
      LOG.warn("checkouts in {} not swept: {}", checkouts, e.toString());
      return 0;
    }
    int deleted = 0;
    for (Path dir : dirs) {
      String delivery = dir.getFileName().toString();
      if (inProgress.contains(delivery)) continue;
      delete(dir);
      deleted++;
      LOG.info("delivery={} checkout {} deleted: no run of it is queued or running", delivery, dir);
    }
    return deleted;
  }

  private static void delete(Path dir) {
    DeliveryPlanner.delete(dir);
  }
}
