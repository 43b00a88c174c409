package dev.hearth.engine.quota;

import dev.hearth.vm.VmSpec.NetworkPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a workflow run's VM may use. Every field may be unset: {@code 0} for the numbers, null for
 * the wall time and the network. Unset means "the provider's default" (and no wall-time limit beyond
 * the job's {@code timeout-minutes}) once resolution is done.
 *
 * @param vcpus virtual CPUs
 * @param memoryMb memory in MiB
 * @param diskMb writable disk in MiB
 * @param wallTime how long each job may run at most: it caps the job's {@code timeout-minutes}
 * @param network what the VM may reach
 */
public record Quota(int vcpus, long memoryMb, long diskMb, Duration wallTime, NetworkPolicy network) {
  /** Nothing set. */
  public static final Quota NONE = new Quota(0, 0, 0, null, null);

  public Quota {
    if (vcpus < 0) throw new IllegalArgumentException("vcpus must not be negative, got " + vcpus);
    if (memoryMb < 0) throw new IllegalArgumentException("memoryMb must not be negative, got " + memoryMb);
    if (diskMb < 0) throw new IllegalArgumentException("diskMb must not be negative, got " + diskMb);
    if (wallTime != null && (wallTime.isNegative() || wallTime.isZero())) {
      throw new IllegalArgumentException("wallTime must be positive, got " + wallTime);
    }
  }

  public boolean isEmpty() {
    return equals(NONE);
  }

  public Quota withVcpus(int value) {
    return new Quota(value, memoryMb, diskMb, wallTime, network);
  }

  public Quota withMemoryMb(long value) {
    return new Quota(vcpus, value, diskMb, wallTime, network);
  }

  public Quota withDiskMb(long value) {
    return new Quota(vcpus, memoryMb, value, wallTime, network);
  }

  public Quota withWallTime(Duration value) {
    return new Quota(vcpus, memoryMb, diskMb, value, network);
  }

  public Quota withNetwork(NetworkPolicy value) {
    return new Quota(vcpus, memoryMb, diskMb, wallTime, value);
  }

  /** {@code 4 vCPUs, 8192 MiB memory, 30m wall time, network none}; {@code no limits} when empty. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (QuotaField f : QuotaField.values()) {
      if (!f.isSet(this)) continue;
      parts.add(f == QuotaField.NETWORK ? "network " + f.show(f.get(this)) : f.show(f.get(this)) + " " + f.noun());
    }
    return parts.isEmpty() ? "no limits" : String.join(", ", parts);
  }
}
