package dev.hearth.vm;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a VM must be.
 *
 * @param labels the job's {@code runs-on} labels (a provider refuses labels it cannot serve)
 * @param vcpus virtual CPUs; 0 means the provider's default
 * @param memoryMb memory in MiB; 0 means the provider's default
 * @param diskMb writable disk in MiB; 0 means the provider's default
 * @param network what the VM may reach
 * @param logLabels names for log lines about this VM ({@code run}, {@code session}, {@code workflow})
 */
public record VmSpec(
    List<String> labels, int vcpus, long memoryMb, long diskMb, NetworkPolicy network, Map<String, String> logLabels) {

  /** What a VM may reach over the network. */
  public enum NetworkPolicy {
    /** The internet, like hosted runners; not the host's own services, not other runs. */
    OUTBOUND,
    /** Nothing but its own loopback. */
    NONE
  }

  public VmSpec {
    labels = List.copyOf(labels);
    Objects.requireNonNull(network, "network");
    logLabels = Map.copyOf(logLabels);
  }

  /** A VM with the provider's defaults for these labels. */
  public static VmSpec of(List<String> labels, Map<String, String> logLabels) {
    return new VmSpec(labels, 0, 0, 0, NetworkPolicy.OUTBOUND, logLabels);
  }
}
