package dev.hearth.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's ear on the fleet (PostgreSQL only): a connection of its own that {@code LISTEN}s on the
 * {@link FleetChannel}s and hands each notice to {@link Wakeups} on its own daemon thread, so a run
 * queued or a cancel asked on another host reaches this one at once instead of at its next poll or
 * heartbeat. When the connection drops it is opened again with back-off (0.1 s doubling to 5 s);
 * notices sent meanwhile are lost, so after every reconnection {@link Wakeups#resync} runs. Polling
 * stays the fallback: nothing is ever only reachable through a notice.
 *
 * <p>Shows in {@code pg_stat_activity} as {@code hearth-listen <host>}.
 */
public final class FleetListener implements AutoCloseable {
  /** What a host does with the notices. Called on the listener's thread, one at a time; must not block long. */
  public interface Wakeups {
    /** Runs were queued somewhere in the fleet. */
    void queued();

    /** A host was asked to cancel run {@code runId} (perhaps this one). */
    void cancelRequested(long runId);

    /** The listener (re)connected after losing its connection: notices may have been missed. */
    void resync();
  }

  private static final Logger LOG = LoggerFactory.getLogger(FleetListener.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  /** How long one wait for notices blocks: bounds how long {@link #close} waits. */
  private static final int WAIT_MILLIS = 250;

  private final Database db;
  private final String host;
  private final Wakeups wakeups;
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean listening;
  private volatile boolean closed;
  private volatile Connection current;
  private Thread thread;

  FleetListener(Database db, String host, Wakeups wakeups) {
    this.db = db;
    this.host = host;
    this.wakeups = wakeups;
  }

  /** The name the listening connection has in {@code pg_stat_activity.application_name}. */
  public static String applicationName(String host) {
    return "hearth-listen " + host;
  }

  void start() {
    thread = Thread.ofPlatform().name("hearth-listen").daemon().start(this::run);
  }

  private void run() {
    Duration backoff = FIRST_BACKOFF;
    while (!closed) {
      try (Connection c = db.dedicated(applicationName(host))) {
        current = c;
        try (Statement s = c.createStatement()) {
          for (FleetChannel f : FleetChannel.values()) s.execute("LISTEN " + f.channel());
        }
        listening = true;
        int n = connections.incrementAndGet();
        backoff = FIRST_BACKOFF;
        if (n > 1) {
          LOG.info("host={} listening to the fleet again (connection {}): resynchronizing", host, n);
          try {
            wakeups.resync();
          } catch (RuntimeException e) {
            LOG.warn("host={} resynchronizing after reconnecting failed (the next heartbeat does it): {}", host, e.toString());
          }
        } else {
          LOG.info("host={} listening to the fleet (channels {})", host,
              java.util.Arrays.stream(FleetChannel.values()).map(FleetChannel::channel).toList());
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
          if (notices != null) for (PGNotification notice : notices) deliver(notice);
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (closed) return;
        LOG.warn("host={} lost its fleet listener connection ({}); reconnecting in {} ms, polling meanwhile", host,
            e.getMessage(), backoff.toMillis());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      } finally {
        listening = false;
        current = null;
      }
    }
  }

  private void deliver(PGNotification notice) {
    FleetChannel channel = FleetChannel.of(notice.getName());
    if (channel == null) return;
    try {
      switch (channel) {
        case QUEUE -> wakeups.queued();
        case CANCEL -> {
          long runId;
          try {
            runId = Long.parseLong(notice.getParameter());
          } catch (NumberFormatException e) {
            LOG.warn("host={} ignored a notice on {} whose payload '{}' is not a run id", host, channel.channel(),
                notice.getParameter());
            return;
          }
          wakeups.cancelRequested(runId);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("host={} handling a notice on {} ({}) failed: {}", host, channel.channel(), notice.getParameter(),
          e.toString());
    }
  }

  /** Whether the listening connection is open and listening now. */
  public boolean listening() {
    return listening;
  }

  /** How many times the listener connected (1 once up; each reconnection adds one). */
  public int connections() {
    return connections.get();
  }

  /** Stops listening and closes its connection. */
  @Override
  public void close() {
    closed = true;
    if (thread == null) return;
    try {
      thread.join(WAIT_MILLIS * 4L);
      if (thread.isAlive()) {
        Connection c = current;
        if (c != null) c.close();
        thread.interrupt();
        thread.join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.debug("host={} closing the listener connection: {}", host, e.toString());
    }
  }
}
