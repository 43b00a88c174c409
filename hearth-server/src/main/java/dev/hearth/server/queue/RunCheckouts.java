package dev.hearth.server.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.server.source.Mirrors;
import dev.hearth.server.source.SourceException;
import dev.hearth.server.store.Delivery;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure a claimed run's commit is checked out on this host. The host that planned a delivery
 * checked it out under its own data directory; a run claimed by another host (of the fleet) whose
 * checkout is not on its disk fetches the run's commit again into {@code <data-dir>/checkouts/<delivery>}.
 */
final class RunCheckouts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final Mirrors mirrors;
  private final Path checkouts;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  RunCheckouts(Store store, Mirrors mirrors, Path checkouts) {
    this.store = store;
    this.mirrors = mirrors;
    this.checkouts = checkouts;
  }

  /** {@code run} with a checkout on this host: as it is when its checkout is here, else fetched again at its commit. */
  StoredRun local(StoredRun run) throws RunRequests.Unplannable {
    if (run.checkout() != null && Files.isDirectory(Path.of(run.checkout()))) return run;
    Path dir = checkouts.resolve(run.deliveryId());
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
      DeliveryPlanner.delete(dir);
      var source = Payloads.source(delivery.event(), payload);
      mirrors.checkout(new dev.hearth.server.source.SourceRequest(source.repository(), source.cloneUrl(), run.sha(),
          source.ref(), source.pullNumber(), source.before()), dir);
    } catch (IOException e) {
      throw new RunRequests.Unplannable("its delivery's payload cannot be read: " + e.getMessage());
    } catch (SourceException e) {
      throw new RunRequests.Unplannable("its commit " + run.sha() + " cannot be checked out on this host: " + e.getMessage());
    }
  }
}
