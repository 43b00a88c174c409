package dev.hearth.engine.quota;

import dev.hearth.vm.VmSpec.NetworkPolicy;
import java.time.Duration;

/**
 * The fields of a {@link Quota}, each read as a number so that resolution treats them alike: larger
 * means more. The network counts {@code none} as 0 and {@code outbound} as 1. An unset field reads
 * {@link #UNSET}.
 */
enum QuotaField {
  VCPUS("vcpus", "vCPUs"),
  MEMORY("memory", "memory"),
  DISK("disk", "disk"),
  WALL_TIME("wall-time", "wall time"),
  NETWORK("network", "network");

  static final long UNSET = -1;

  private final String key;
  private final String noun;

  QuotaField(String key, String noun) {
    this.key = key;
    this.noun = noun;
  }

  /** The configuration key ({@code wall-time}). */
  String key() {
    return key;
  }

  String noun() {
    return noun;
  }

  boolean isSet(Quota q) {
    return get(q) != UNSET;
  }

  long get(Quota q) {
    return switch (this) {
      case VCPUS -> q.vcpus() == 0 ? UNSET : q.vcpus();
      case MEMORY -> q.memoryMb() == 0 ? UNSET : q.memoryMb();
      case DISK -> q.diskMb() == 0 ? UNSET : q.diskMb();
      case WALL_TIME -> q.wallTime() == null ? UNSET : q.wallTime().toSeconds();
      case NETWORK -> q.network() == null ? UNSET : q.network() == NetworkPolicy.NONE ? 0 : 1;
    };
  }

  Quota with(Quota q, long value) {
    return switch (this) {
      case VCPUS -> q.withVcpus(value == UNSET ? 0 : (int) value);
      case MEMORY -> q.withMemoryMb(value == UNSET ? 0 : value);
      case DISK -> q.withDiskMb(value == UNSET ? 0 : value);
      case WALL_TIME -> q.withWallTime(value == UNSET ? null : Duration.ofSeconds(value));
      case NETWORK -> q.withNetwork(value == UNSET ? null : value == 0 ? NetworkPolicy.NONE : NetworkPolicy.OUTBOUND);
    };
  }

  /** A value for a person: {@code 4}, {@code 8192 MiB}, {@code 30m}, {@code none}. */
  String show(long value) {
    return switch (this) {
      case VCPUS -> String.valueOf(value);
      case MEMORY, DISK -> QuotaValues.showSize(value);
      case WALL_TIME -> QuotaValues.showDuration(Duration.ofSeconds(value));
      case NETWORK -> value == 0 ? "none" : "outbound";
    };
  }
}
