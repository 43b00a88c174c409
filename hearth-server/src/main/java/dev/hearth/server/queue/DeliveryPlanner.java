package dev.hearth.server.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.server.source.Checkout;
import dev.hearth.server.source.Mirrors;
import dev.hearth.server.source.SourceException;
import dev.hearth.server.store.Delivery;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.workflow.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an accepted delivery into queued runs: fetches the event's commit into a checkout under
 * {@code <data-dir>/checkouts/<delivery>}, selects the workflows the event runs, and queues one run
 * each, in one transaction with marking the delivery planned. A delivery planned again after a crash
 * starts from a fresh checkout and queues no run twice. A repository that cannot be fetched fails
 * the delivery with the reason.
 */
final class DeliveryPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryPlanner.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final Mirrors mirrors;
  private final RunCheckouts checkouts;
  private final Clock clock;

  DeliveryPlanner(Store store, Mirrors mirrors, RunCheckouts checkouts, Clock clock) {
    this.store = store;
    this.mirrors = mirrors;
    this.checkouts = checkouts;
    this.clock = clock;
  }

  /** Plans {@code delivery}; never throws for bad input (the delivery ends failed or ignored with the reason). */
  void plan(Delivery delivery) {
    String who = "delivery=" + delivery.id() + " event=" + delivery.event() + " repository=" + delivery.repository();
    try {
      JsonNode payload = JSON.readTree(delivery.payload());
      String nothing = Payloads.nothingToRun(delivery.event(), payload);
      if (nothing != null) {
        ignore(delivery, who, nothing);
        return;
      }
      alsoStart(delivery, who);
      Path dir = checkouts.dir(delivery.id());
      delete(dir);
      Checkout checkout = mirrors.checkout(Payloads.source(delivery.event(), payload), dir);
      Event event = Event.fromPayload(delivery.event(), payload);
      if (checkout.changedFiles().isPresent()) event = event.withChangedFiles(checkout.changedFiles().get());
      CommitWorkflows.Selected selected = CommitWorkflows.select(dir, event, delivery.repository(), checkout.sha(),
          delivery.id());
      String reason = selected.runs().isEmpty() ? "no workflow runs on this event: "
          + (selected.notSelected().isEmpty() ? "the commit has no .github/workflows/*.yml" : String.join("; ", selected.notSelected()))
          : null;
      List<StoredRun> runs = store.plan(delivery.id(), delivery.event(), delivery.repository(), checkout.sha(), dir.toString(),
          Payloads.fromFork(delivery.event(), payload), selected.runs(), reason, clock.instant());
      if (runs.isEmpty()) {
        LOG.info("{} ignored: {}", who, reason);
        delete(dir);
      } else {
        runs.forEach(r -> LOG.info("{} sha={} run={} queued workflow={}", who, checkout.sha(), r.id(), r.workflowFile()));
        // A run queued in a concurrency group may have replaced another delivery's queued run.
        if (selected.runs().stream().anyMatch(r -> r.concurrencyGroup() != null)) checkouts.sweepSoon();
      }
    } catch (SourceException e) {
      LOG.warn("{} failed: {}", who, e.getMessage());
      store.finishDelivery(delivery.id(), Delivery.State.FAILED, e.getMessage(), clock.instant());
      delete(checkouts.dir(delivery.id()));
    } catch (IOException e) {
      LOG.warn("{} failed: {}", who, e.toString());
      store.finishDelivery(delivery.id(), Delivery.State.FAILED, "cannot read the checkout: " + e.getMessage(), clock.instant());
    }
  }

  /**
   * Stores the delivery GitHub's Actions would also start for this one ({@code pull_request} also
   * starts the {@code pull_request_target} workflows, at another commit: {@link Payloads#companionEvent}),
   * as delivery {@code <id>.<event>}, planned like any other. Stored before this delivery is marked
   * planned, so a crash in between loses neither; a delivery planned again stores it once.
   */
  private void alsoStart(Delivery delivery, String who) {
    String companion = Payloads.companionEvent(delivery.event());
    if (companion == null) return;
    String id = delivery.id() + "." + companion;
    if (store.accept(id, companion, delivery.action(), delivery.repository(), delivery.payload(), clock.instant())) {
      LOG.info("{} also starts {} as delivery={}", who, companion, id);
    }
  }

  private void ignore(Delivery delivery, String who, String reason) {
    LOG.info("{} ignored: {}", who, reason);
    store.finishDelivery(delivery.id(), Delivery.State.IGNORED, reason, clock.instant());
  }

  /** Deletes a checkout directory and everything in it, if it exists. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.toString());
    }
  }
}
