package dev.hearth.server.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Stores accepted deliveries with group commit: one writer thread inserts every delivery waiting at
 * that moment in one transaction, so concurrent webhooks do not queue for SQLite's write lock one
 * commit each. {@link #accept} returns only once its delivery is committed.
 */
final class DeliveryWriter implements AutoCloseable {
  private static final int MAX_BATCH = 512;

  private record Pending(String id, String event, String action, String repository, String payload, String planner,
      Instant at, CompletableFuture<Boolean> stored) {}

  private final Database db;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  DeliveryWriter(Database db) {
    this.db = db;
    this.writer = Thread.ofPlatform().name("hearth-store-deliveries").daemon().start(this::write);
  }

  /** Stores the delivery; false when its id is already stored (also earlier in the same batch). */
  boolean accept(String id, String event, String action, String repository, String payload, String planner, Instant at) {
    if (closed) throw new StoreException("store " + db + " is closed; delivery " + id + " not stored");
    Pending p = new Pending(id, event, action, repository, payload, planner, at, new CompletableFuture<>());
    queue.add(p);
    try {
      return p.stored().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while storing delivery " + id);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof StoreException s ? s : new StoreException("storing delivery " + id + ": " + e.getCause(), e);
    }
  }

  private void write() {
    List<Pending> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        List<Boolean> results = db.transaction("accepting " + batch.size() + " delivery(ies)", c -> {
          List<Boolean> out = new ArrayList<>(batch.size());
          for (Pending p : batch) {
            out.add(Sql.update(c, "INSERT INTO deliveries (id, event, action, repository, payload, state, planner, received_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", p.id(), p.event(), p.action(), p.repository(),
                p.payload(), Delivery.State.ACCEPTED.column(), p.planner(), p.at()) == 1);
          }
          return out;
        });
        for (int i = 0; i < batch.size(); i++) batch.get(i).stored().complete(results.get(i));
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        batch.forEach(p -> p.stored().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  /** Stores what is waiting, then stops the writer. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    queue.forEach(p -> p.stored().completeExceptionally(new StoreException("store " + db + " closed before delivery "
        + p.id() + " was stored")));
  }
}
