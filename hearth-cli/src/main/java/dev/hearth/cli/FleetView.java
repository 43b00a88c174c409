package dev.hearth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.store.HostPools;
import dev.hearth.server.store.HostRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** How {@code hearth fleet} shows the hosts: a table of hosts, a table of their pools, or one JSON object. */
final class FleetView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FleetView() {}

  static void print(PrintWriter out, List<HostRecord> hosts, int queued, Instant now) {
    Table table = new Table("HOST", "STATE", "HEARTBEAT", "SESSIONS", "PEAK", "LEASES", "POOL", "STARTED");
    for (HostRecord h : hosts) {
      table.row(h.hostId(), FleetCommand.state(h, now), FleetCommand.age(Duration.between(h.heartbeatAt(), now)) + " ago",
          h.sessionsActive() + "/" + h.sessionsMax(), String.valueOf(h.sessionsPeak()), String.valueOf(h.leases()),
          poolSummary(h.pool()), h.startedAt().toString());
    }
    table.print(out);
    out.println(hosts.stream().filter(h -> h.aliveAt(now)).count() + " of " + hosts.size() + " host(s) alive, " + queued
        + " run(s) queued");
    if (hosts.stream().anyMatch(h -> h.pool() != null && !h.pool().pools().isEmpty())) {
      out.println();
      Table pools = new Table("HOST", "POOL", "PROVIDER", "SIZE", "IDLE", "IN USE", "REFILLING", "REFILL FAILURES");
      for (HostRecord h : hosts) {
        if (h.pool() == null) continue;
        for (HostPools.Pool p : h.pool().pools()) {
          pools.row(h.hostId(), p.pool(), p.provider(), String.valueOf(p.size()), String.valueOf(p.idle()),
              String.valueOf(p.inUse()), String.valueOf(p.refilling()), failures(p));
        }
      }
      pools.print(out);
    }
  }

  /** The POOL cell: each pool's idle/size, "none" for a host without a pool, "-" when never reported. */
  static String poolSummary(HostPools pools) {
    if (pools == null) return "-";
    if (pools.unreadable() != null) return "unreadable: " + pools.unreadable();
    if (pools.pools().isEmpty()) return "none";
    return pools.pools().stream().map(p -> p.pool() + " " + p.idle() + "/" + p.size() + " idle"
        + (p.recentRefillFailures() > 0 ? " (failing)" : "")).collect(Collectors.joining(", "));
  }

  private static String failures(HostPools.Pool p) {
    return p.refillFailures() + (p.recentRefillFailures() > 0 ? " (" + p.recentRefillFailures() + " since last heartbeat)" : "");
  }

  static String json(List<HostRecord> hosts, int queued, Instant now) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("hosts");
    for (HostRecord h : hosts) {
      ObjectNode o = list.addObject().put("host", h.hostId())
          .put("state", h.stoppedAt() != null ? "stopped" : h.aliveAt(now) ? "alive" : "lost")
          .put("heartbeatAt", h.heartbeatAt().toString())
          .put("heartbeatAgeSeconds", Math.max(0, Duration.between(h.heartbeatAt(), now).toMillis()) / 1000.0)
          .put("sessionsActive", h.sessionsActive()).put("sessionsMax", h.sessionsMax()).put("sessionsPeak", h.sessionsPeak())
          .put("leases", h.leases()).put("startedAt", h.startedAt().toString())
          .put("stoppedAt", h.stoppedAt() == null ? null : h.stoppedAt().toString());
      if (h.pool() == null) {
        o.putNull("pools");
      } else if (h.pool().unreadable() != null) {
        o.putNull("pools");
        o.put("poolsUnreadable", h.pool().unreadable());
      } else {
        ArrayNode pools = o.putArray("pools");
        for (HostPools.Pool p : h.pool().pools()) {
          pools.addObject().put("pool", p.pool()).put("provider", p.provider()).put("size", p.size()).put("idle", p.idle())
              .put("inUse", p.inUse()).put("refilling", p.refilling()).put("refillFailures", p.refillFailures())
              .put("recentRefillFailures", p.recentRefillFailures());
        }
      }
    }
    root.put("alive", hosts.stream().filter(h -> h.aliveAt(now)).count());
    root.put("queued", queued);
    return root.toString();
  }
}
