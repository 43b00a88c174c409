package dev.hearth.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A host's warm pools as its last heartbeat reported them, kept in {@code hosts.pool} as compact,
 * versioned JSON: {@code {"v":1,"pools":[{"provider":"sandbox","pool":"sandbox","size":2,"idle":1,
 * "inUse":1,"refilling":0,"refillFailures":3,"recentRefillFailures":1}]}}. An empty list is a host
 * without a pool. A reader that finds a version it does not know (a newer host) or text that is not this
 * JSON keeps why in {@code unreadable} instead of failing: one odd host must not hide the fleet.
 *
 * @param pools each pool of the host (empty: it has none)
 * @param unreadable why the stored text could not be read, or null
 */
public record HostPools(List<Pool> pools, String unreadable) {
  /** The version written; readers take only this one. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public HostPools {
    pools = List.copyOf(pools);
  }

  /**
   * One warm pool's state at a heartbeat.
   *
   * @param provider the pooled provider ({@code sandbox})
   * @param pool the pool's name: the provider's, or the placement member's
   * @param size ready VMs it aims for
   * @param idle ready VMs waiting
   * @param inUse VMs it handed out and that are not released yet
   * @param refilling allocations in progress to refill it
   * @param refillFailures refill allocations that failed since the host started
   * @param recentRefillFailures of those, the ones since the host's previous heartbeat
   */
  public record Pool(String provider, String pool, int size, int idle, int inUse, int refilling, long refillFailures,
      long recentRefillFailures) {
    public Pool {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(pool, "pool");
    }
  }

  /** A host with these pools. */
  public static HostPools of(List<Pool> pools) {
    return new HostPools(pools, null);
  }

  /** A host without any pool. */
  public static HostPools none() {
    return of(List.of());
  }

  /** Whether the host has no pool (and its state was readable). */
  public boolean isEmpty() {
    return unreadable == null && pools.isEmpty();
  }

  /** The stored form. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode().put("v", VERSION);
    ArrayNode list = root.putArray("pools");
    for (Pool p : pools) {
      list.addObject().put("provider", p.provider()).put("pool", p.pool()).put("size", p.size()).put("idle", p.idle())
          .put("inUse", p.inUse()).put("refilling", p.refilling()).put("refillFailures", p.refillFailures())
          .put("recentRefillFailures", p.recentRefillFailures());
    }
    return root.toString();
  }

  /** Reads the stored form; null for null (the host never reported its pools). Never throws. */
  public static HostPools parse(String json) {
    if (json == null) return null;
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return unreadable("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) return unreadable("expected a JSON object with \"v\" and \"pools\"");
    if (!root.path("v").isInt()) return unreadable("expected \"v\", the format's version, as a number");
    int version = root.get("v").intValue();
    if (version != VERSION) return unreadable("format version " + version + " (this Hearth reads version " + VERSION + ")");
    if (!root.path("pools").isArray()) return unreadable("expected \"pools\" as a list");
    List<Pool> pools = new ArrayList<>();
    int i = 0;
    for (JsonNode p : root.get("pools")) {
      String where = "pools[" + i++ + "]";
      if (!p.path("provider").isTextual() || !p.path("pool").isTextual()) {
        return unreadable(where + ": expected \"provider\" and \"pool\" as strings");
      }
      pools.add(new Pool(p.get("provider").asText(), p.get("pool").asText(), p.path("size").asInt(),
          p.path("idle").asInt(), p.path("inUse").asInt(), p.path("refilling").asInt(), p.path("refillFailures").asLong(),
          p.path("recentRefillFailures").asLong()));
    }
    return of(pools);
  }

  private static HostPools unreadable(String why) {
    return new HostPools(List.of(), why);
  }
}
