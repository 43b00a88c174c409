package dev.hearth.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a fixed list of test tasks ahead of the test methods that check them: at most {@code
 * parallelism} at once, never two of the same lane at once (a lane is what must not run beside
 * itself: one provider, one CPU-bound emulator), in the order submitted except that a task whose
 * lane is busy lets later ones pass. Tests submit every task first, call {@link #start()}, then
 * each test awaits its own task's future.
 *
 * <p>Worth it for tasks that mostly wait (sleeps, timeouts, emulators on another core); the order
 * should put the longest tasks first. Thread-safe; workers are daemon threads named {@code
 * name-N}, stopped by {@link #close()}.
 *
 * @param <L> what names a lane
 */
public final class LaneScheduler<L> implements AutoCloseable {
  private final String name;
  private final int parallelism;
  private final List<Pending<L, ?>> queue = new ArrayList<>();
  private final Set<L> busy = new HashSet<>();
  private final List<Thread> workers = new ArrayList<>();
  private boolean started;
  private boolean closed;

  private record Pending<L, T>(L lane, Callable<T> task, CompletableFuture<T> result) {
    void run() {
      try {
        result.complete(task.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }
  }

  public LaneScheduler(String name, int parallelism) {
    if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    this.name = Objects.requireNonNull(name, "name");
    this.parallelism = parallelism;
  }

  /** Queues {@code task} in {@code lane}; its future completes with its value or its exception. */
  public synchronized <T> CompletableFuture<T> submit(L lane, Callable<T> task) {
    if (closed) throw new IllegalStateException("scheduler " + name + " is closed");
    CompletableFuture<T> result = new CompletableFuture<>();
    queue.add(new Pending<>(Objects.requireNonNull(lane, "lane"), task, result));
    notifyAll();
    return result;
  }

  /** Starts the workers (once); tasks submitted later still run. */
  public synchronized LaneScheduler<L> start() {
    if (started) return this;
    started = true;
    for (int i = 1; i <= parallelism; i++) {
      workers.add(Thread.ofPlatform().daemon().name(name + "-" + i).start(this::work));
    }
    return this;
  }

  private void work() {
    try {
      while (true) {
        Pending<L, ?> next = take();
        if (next == null) return;
        try {
          next.run();
        } finally {
          done(next.lane());
        }
      }
    } catch (InterruptedException stopped) {
      // closed while waiting for a free lane
    }
  }

  /** The first queued task whose lane is free, waiting for one; null once closed. */
  private synchronized Pending<L, ?> take() throws InterruptedException {
    while (!closed) {
      for (Iterator<Pending<L, ?>> it = queue.iterator(); it.hasNext(); ) {
        Pending<L, ?> p = it.next();
        if (busy.add(p.lane())) {
          it.remove();
          return p;
        }
      }
      wait();
    }
    return null;
  }

  private synchronized void done(L lane) {
    busy.remove(lane);
    notifyAll();
  }

  /** Fails every task not yet started and interrupts the running ones. */
  @Override
  public void close() {
    List<Pending<L, ?>> dropped;
    synchronized (this) {
      if (closed) return;
      closed = true;
      dropped = new ArrayList<>(queue);
      queue.clear();
      notifyAll();
    }
    for (Pending<L, ?> p : dropped) {
      p.result().completeExceptionally(new IllegalStateException("scheduler " + name + " closed before lane " + p.lane() + " ran this task"));
    }
    workers.forEach(Thread::interrupt);
  }
}
