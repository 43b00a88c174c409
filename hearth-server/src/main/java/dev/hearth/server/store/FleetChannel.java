package dev.hearth.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * The PostgreSQL notification channels the hosts of a fleet wake each other on. A notice is sent
 * inside the transaction that made the change, so PostgreSQL delivers it only once that transaction
 * commits (and never when it rolls back). On SQLite sending does nothing: a single host needs no
 * notices, and every listener keeps polling as its fallback anyway.
 */
enum FleetChannel {
  /** Runs were queued (planned, re-run, re-queued after their host died, given back): look for work. Payload: empty. */
  QUEUE("hearth_queue"),
  /** A running run's host is asked to cancel it ({@code cancel_requested}). Payload: the run's id. */
  CANCEL("hearth_cancel");

  private final String channel;

  FleetChannel(String channel) {
    this.channel = channel;
  }

  /** The channel's name, as {@code LISTEN} takes it. */
  String channel() {
    return channel;
  }

  /** Sends {@code payload} on this channel when the transaction on {@code c} commits (PostgreSQL only). */
  void send(Connection c, String payload) throws SQLException {
    if (!c.isWrapperFor(PGConnection.class)) return;
    Sql.query(c, "SELECT pg_notify(?, ?)", r -> null, channel, payload);
  }

  static FleetChannel of(String channel) {
    for (FleetChannel f : values()) if (f.channel.equals(channel)) return f;
    return null;
  }
}
