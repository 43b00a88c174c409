package dev.hearth.vm.microvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the microvm provider runs QEMU.
 *
 * @param qemu the QEMU binary ({@code qemu-system-x86_64} from Debian's {@code qemu-system-x86})
 * @param accelerator {@code auto} (KVM when a probe boots a guest with it, else TCG), {@code kvm} or {@code tcg}
 * @param bootTimeout how long a boot may take before QEMU is killed (TCG boots take ~3.5 s on an idle core)
 * @param runtimeRoot where each VM's private directory (agent socket, console log) is made
 * @param defaultVcpus vCPUs when the spec says 0
 * @param defaultMemoryMb memory when the spec says 0
 * @param snapshots start VMs by restoring a booted snapshot (made once per machine configuration) instead of booting
 */
public record MicrovmOptions(String qemu, String accelerator, Duration bootTimeout, Path runtimeRoot, int defaultVcpus,
    long defaultMemoryMb, boolean snapshots) {

  public MicrovmOptions {
    Objects.requireNonNull(qemu, "qemu");
    if (!accelerator.equals("auto") && !accelerator.equals("kvm") && !accelerator.equals("tcg")) {
      throw new IllegalArgumentException("accelerator must be auto, kvm or tcg, not '" + accelerator + "'");
    }
    if (bootTimeout.isNegative() || bootTimeout.isZero()) throw new IllegalArgumentException("bootTimeout must be positive");
    if (defaultVcpus < 1 || defaultMemoryMb < 64) throw new IllegalArgumentException("defaults need >= 1 vCPU and >= 64 MiB");
  }

  /** QEMU from PATH, accelerator probed, 60 s boots, 1 vCPU and 512 MiB by default, snapshots on. */
  public static MicrovmOptions defaults() {
    return new MicrovmOptions("qemu-system-x86_64", "auto", Duration.ofSeconds(60),
        Path.of(System.getProperty("java.io.tmpdir"), "hearth-microvm"), 1, 512, true);
  }

  public MicrovmOptions withSnapshots(boolean value) {
    return new MicrovmOptions(qemu, accelerator, bootTimeout, runtimeRoot, defaultVcpus, defaultMemoryMb, value);
  }

  public MicrovmOptions withAccelerator(String value) {
    return new MicrovmOptions(qemu, value, bootTimeout, runtimeRoot, defaultVcpus, defaultMemoryMb, snapshots);
  }

  public MicrovmOptions withRuntimeRoot(Path value) {
    return new MicrovmOptions(qemu, accelerator, bootTimeout, value, defaultVcpus, defaultMemoryMb, snapshots);
  }

  public MicrovmOptions withBootTimeout(Duration value) {
    return new MicrovmOptions(qemu, accelerator, value, runtimeRoot, defaultVcpus, defaultMemoryMb, snapshots);
  }
}
