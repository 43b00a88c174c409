package dev.hearth.vm.microvm;

import dev.hearth.vm.VmException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Decides whether KVM can run a normal guest here by booting one. Opening {@code /dev/kvm} is not
 * enough: some hosts (PVM-only KVM, broken nested virtualisation) accept {@code KVM_CREATE_VM} and
 * then crawl or fail on a stock kernel, leaving QEMU paused and silent. The probe boots the image
 * under {@code -accel kvm} with a short deadline, kills that QEMU by PID when it does not answer,
 * and reports why.
 */
final class KvmProbe {
  /** The accelerator to use and the one line that says why. */
  record Verdict(Accelerator accelerator, String why) {}

  static final Duration DEADLINE = Duration.ofSeconds(15);

  private KvmProbe() {}

  /** Probes with {@code boot}, which boots a VM under KVM and throws when it cannot. */
  static Verdict probe(Path kvmDevice, ProbeBoot boot) throws InterruptedException {
    try (RandomAccessFile ignored = new RandomAccessFile(kvmDevice.toFile(), "rw")) {
      // opened: now see whether a guest actually runs
    } catch (IOException e) {
      return tcg(kvmDevice + " cannot be opened (" + e.getMessage() + ")");
    }
    long start = System.nanoTime();
    try {
      boot.boot(DEADLINE);
      return new Verdict(Accelerator.KVM, "KVM runs guests here (probe boot took "
          + (System.nanoTime() - start) / 1_000_000 + " ms)");
    } catch (VmException e) {
      return tcg(kvmDevice + " opens but a guest under -accel kvm does not boot within " + DEADLINE.toSeconds()
          + " s: nested or PVM-only KVM; " + e.getMessage());
    }
  }

  static Verdict tcg(String reason) {
    return new Verdict(Accelerator.TCG, "KVM cannot run a normal guest here (" + reason
        + "); using TCG: guest code runs 7–25x slower");
  }

  /** Boots one throw-away VM under KVM within the deadline, releasing it before returning. */
  interface ProbeBoot {
    void boot(Duration deadline) throws VmException, InterruptedException;
  }
}
