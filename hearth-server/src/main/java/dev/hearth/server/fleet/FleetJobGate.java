package dev.hearth.server.fleet;

import dev.hearth.engine.Cancellation;
import dev.hearth.engine.JobGate;
import dev.hearth.server.store.JobGroups;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobGate} for {@code hearth serve}: job-level {@code concurrency:} groups held in the store
 * ({@link JobGroups}), so they hold across every host sharing it. A pending leg looks again with
 * back-off ({@value #FIRST_POLL_MILLIS} ms doubling to {@value #MAX_POLL_MILLIS} ms) until its group
 * is free or it is replaced; a leg held here that another leg cancels in progress is cancelled by this
 * host's watcher, which reads the store's cancel requests once per {@code watchEvery} (the fleet's
 * heartbeat interval) while this host holds a group (it stops when the host holds none). A holder whose host died is released when its
 * run's lease lapses. Thread-safe.
 */
public final class FleetJobGate implements JobGate, AutoCloseable {
  static final long FIRST_POLL_MILLIS = 50;
  static final long MAX_POLL_MILLIS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(FleetJobGate.class);

  private final JobGroups groups;
  private final String host;
  private final Duration watchEvery;
  private final Clock clock;
  private final Map<String, Cancellation> holding = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private Thread watcher; // guarded by this

  /**
   * @param host this host's id (the rows it writes are its own)
   * @param watchEvery how often a cancel-in-progress asked by another leg is looked for
   */
  public FleetJobGate(JobGroups groups, String host, Duration watchEvery, Clock clock) {
    this.groups = groups;
    this.host = host;
    this.watchEvery = watchEvery;
    this.clock = clock;
  }

  @Override
  public Entry enter(Ticket ticket, Cancellation cancellation, Consumer<String> waiting) throws InterruptedException {
    if (cancellation.isCancelled()) return refused(cancellation);
    long runId;
    try {
      runId = Long.parseLong(ticket.runId());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("run id '" + ticket.runId() + "' is not a stored run's id", e);
    }
    JobGroups.Member member = new JobGroups.Member(ticket.repository(), ticket.group(), runId, ticket.legId(), host);
    JobGroups.Turn turn = groups.enter(member, ticket.cancelInProgress(), clock.instant());
    if (turn instanceof JobGroups.Turn.Waiting w) {
      LOG.info("host={} run={} job={} waiting for concurrency group '{}' held by {}", host, runId, ticket.legId(),
          ticket.group(), w.holder());
      waiting.accept(w.holder());
      turn = await(member, cancellation);
    }
    return switch (turn) {
      case JobGroups.Turn.Refused r -> new Entry.Refused(r.why());
      case JobGroups.Turn.Waiting w -> throw new IllegalStateException("still waiting after await");
      case JobGroups.Turn.Holding h -> held(member, cancellation);
    };
  }

  private JobGroups.Turn await(JobGroups.Member member, Cancellation cancellation) throws InterruptedException {
    long pause = FIRST_POLL_MILLIS;
    try {
      while (true) {
        long sleep = pause;
        cancellation.interruptibly(() -> {
          Thread.sleep(sleep);
          return null;
        });
        pause = Math.min(pause * 2, MAX_POLL_MILLIS);
        try {
          JobGroups.Turn turn = groups.poll(member, clock.instant());
          if (!(turn instanceof JobGroups.Turn.Waiting)) return turn;
        } catch (RuntimeException e) {
          LOG.warn("host={} run={} job={} could not look at concurrency group '{}' (trying again): {}", host, member.runId(),
              member.leg(), member.group(), e.getMessage());
        }
      }
    } catch (InterruptedException e) {
      leave(member);
      if (cancellation.isCancelled()) return new JobGroups.Turn.Refused(refused(cancellation).why());
      throw e;
    } catch (Exception e) {
      leave(member);
      throw new IllegalStateException("waiting for concurrency group '" + member.group() + "' failed: " + e, e);
    }
  }

  private Entry.Held held(JobGroups.Member member, Cancellation cancellation) {
    String key = member.runId() + "\n" + member.leg();
    holding.put(key, cancellation);
    startWatcher();
    return new Entry.Held(() -> {
      if (holding.remove(key) != null) leave(member);
    });
  }

  private void leave(JobGroups.Member member) {
    try {
      groups.leave(member);
    } catch (RuntimeException e) {
      LOG.warn("host={} run={} job={} could not leave concurrency group '{}' (it is freed when the run ends): {}", host,
          member.runId(), member.leg(), member.group(), e.getMessage());
    }
  }

  private synchronized void startWatcher() {
    if (watcher != null || closed) return;
    watcher = Thread.ofPlatform().name("hearth-job-groups").daemon().start(() -> {
      while (!closed && !idle()) {
        try {
          Thread.sleep(watchEvery);
          watch();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          LOG.warn("host={} could not read concurrency-group cancel requests (trying again): {}", host, e.getMessage());
        }
      }
    });
  }

  /** True (and the watcher is gone) when this host holds no group: the next holder starts a new watcher. */
  private synchronized boolean idle() {
    if (!holding.isEmpty()) return false;
    watcher = null;
    return true;
  }

  /** One round of the watcher: cancels the legs held here that another leg cancelled in progress. */
  void watch() {
    for (JobGroups.CancelRequest r : groups.cancelRequests(host)) {
      Cancellation c = holding.get(r.runId() + "\n" + r.leg());
      if (c != null && !c.isCancelled()) {
        LOG.info("host={} run={} job={} {}", host, r.runId(), r.leg(), r.why());
        c.cancel(Cancellation.Reason.CANCELLED, r.why());
      }
    }
  }

  private static Entry.Refused refused(Cancellation cancellation) {
    return new Entry.Refused(cancellation.message().orElse("cancelled") + " while waiting for its concurrency group");
  }

  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (this) {
      t = watcher;
    }
    if (t != null) t.interrupt();
  }
}
