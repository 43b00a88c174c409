package dev.hearth.vm.pool;

import dev.hearth.vm.VmSpec;
import java.util.List;
import java.util.Map;

/**
 * What makes two VMs interchangeable for a pool: a {@link VmSpec} without its log labels (which name
 * a run, and are not known before a VM is handed out).
 */
public record Shape(List<String> labels, int vcpus, long memoryMb, long diskMb, VmSpec.NetworkPolicy network) {

  public Shape {
    labels = List.copyOf(labels);
  }

  public static Shape of(VmSpec spec) {
    return new Shape(spec.labels(), spec.vcpus(), spec.memoryMb(), spec.diskMb(), spec.network());
  }

  /** The spec a pool allocates its VMs with: this shape, logged as {@code pool=<name>}. */
  VmSpec spec(String poolName) {
    return new VmSpec(labels, vcpus, memoryMb, diskMb, network, Map.of("pool", poolName));
  }

  @Override
  public String toString() {
    return "labels=" + labels + " vcpus=" + vcpus + " memoryMb=" + memoryMb + " diskMb=" + diskMb + " network=" + network;
  }
}
