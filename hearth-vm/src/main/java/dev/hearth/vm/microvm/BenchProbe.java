package dev.hearth.vm.microvm;

import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.microvm.image.GuestImage;
import dev.hearth.vm.microvm.image.ImageRecipe;
import dev.hearth.vm.microvm.image.ImageStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks measure beside the provider: a bare QEMU boot of the same kernel and
 * initramfs, and the agent's PING round trip. Not for production use.
 */
public final class BenchProbe implements AutoCloseable {
  private final MicrovmVmProvider provider;
  private final Path runtimeRoot;

  private BenchProbe(MicrovmVmProvider provider, Path runtimeRoot) {
    this.provider = provider;
    this.runtimeRoot = runtimeRoot;
  }

  /** The default image (built when missing) and default options, VMs under {@code runtimeRoot}. */
  public static BenchProbe open(Path runtimeRoot) throws VmException {
    MicrovmVmProvider provider = new MicrovmVmProvider(ImageStore.atDefaultRoot(), ImageRecipe.defaults(),
        MicrovmOptions.defaults().withRuntimeRoot(runtimeRoot), line -> System.out.println("image: " + line));
    return new BenchProbe(provider, runtimeRoot);
  }

  public MicrovmVmProvider provider() {
    return provider;
  }

  public String acceleratorVerdict() throws VmException, InterruptedException {
    return provider.acceleratorVerdict();
  }

  /** Boots the kernel and initramfs with busybox as init, which reboots at once; returns QEMU's exit code. */
  public int bareBoot() throws VmException, InterruptedException, IOException {
    GuestImage image = provider.image();
    Accelerator accelerator = provider.acceleratorVerdict().startsWith("KVM runs") ? Accelerator.KVM : Accelerator.TCG;
    List<String> argv = List.of("qemu-system-x86_64", "-machine", "microvm,pit=on,pic=on,rtc=on",
        "-accel", accelerator.qemuName(), "-cpu", accelerator == Accelerator.KVM ? "host" : "max", "-m", "512M",
        "-smp", "1", "-nodefaults", "-no-user-config", "-nographic", "-no-reboot",
        "-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
        "-append", "console=ttyS0 quiet panic=-1 reboot=t tsc_early_khz=2000000 rdinit=/bin/busybox -- reboot -f");
    Process qemu = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!qemu.waitFor(60, TimeUnit.SECONDS)) {
      qemu.destroyForcibly();
      throw new VmException("bare QEMU boot did not end within 60 s");
    }
    return qemu.exitValue();
  }

  /** One PING/PONG with a VM of this provider. */
  public boolean ping(Vm vm) throws InterruptedException {
    return ((MicrovmVm) vm).ping(Duration.ofSeconds(30));
  }

  /**
   * CPU time QEMU has used so far for {@code vm} (user + system, milliseconds): on a loaded host the
   * guest's own cost, which wall-clock times do not show.
   */
  public double qemuCpuMillis(Vm vm) throws IOException {
    String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(((MicrovmVm) vm).qemuPid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / 100; // utime stime; USER_HZ is 100 on Linux
  }

  @Override
  public void close() {
    provider.close();
    MicrovmBoot.deleteTree(runtimeRoot);
  }
}
