package dev.hearth.engine.quota;

import dev.hearth.vm.VmSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The quota a run (or, in job scope, a job leg) gets, and how it came about.
 *
 * @param quota what the VM gets; unset fields are the provider's defaults
 * @param sources where the values came from, for the run log ({@code quotas.defaults},
 *     {@code runs-on label hearth-4cpu-8gb}, {@code cap *})
 * @param warnings values lowered to the repository's cap (one line each, for the run log)
 */
public record ResolvedQuota(Quota quota, List<String> sources, List<String> warnings) {
  public static final ResolvedQuota NONE = new ResolvedQuota(Quota.NONE, List.of(), List.of());

  public ResolvedQuota {
    Objects.requireNonNull(quota, "quota");
    sources = List.copyOf(sources);
    warnings = List.copyOf(warnings);
  }

  /** The spec the engine hands the provider: these labels with this quota (network outbound when unset). */
  public VmSpec spec(List<String> labels, Map<String, String> logLabels) {
    VmSpec.NetworkPolicy network = quota.network() == null ? VmSpec.NetworkPolicy.OUTBOUND : quota.network();
    return new VmSpec(labels, quota.vcpus(), quota.memoryMb(), quota.diskMb(), network, logLabels);
  }

  /** The wall-time limit of each job, when there is one. */
  public java.util.Optional<Duration> wallTime() {
    return java.util.Optional.ofNullable(quota.wallTime());
  }

  /** {@code 4 vCPUs, 8 GiB memory (runs-on label hearth-4cpu-8gb, quotas.defaults)}. */
  public String describe() {
    return quota + (sources.isEmpty() ? "" : " (" + String.join(", ", sources) + ")");
  }
}
