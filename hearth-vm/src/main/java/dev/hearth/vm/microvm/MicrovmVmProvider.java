package dev.hearth.vm.microvm;

import dev.hearth.vm.net.HostAddresses;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.microvm.image.BuildProgress;
import dev.hearth.vm.microvm.image.GuestImage;
import dev.hearth.vm.microvm.image.ImageRecipe;
import dev.hearth.vm.microvm.image.ImageStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code microvm} provider: each VM is a QEMU {@code microvm} machine booting Debian's kernel
 * with Hearth's initramfs and a root file system made from Debian packages ({@code hearth image
 * build}), driven by the guest agent over virtio-serial.
 *
 * <p><b>Isolation:</b> a separate kernel. The guest sees no host file (the workspace is copied in and
 * out through the agent), no host process, and no host loopback service (see {@link QemuCommand} for
 * the network). vCPUs and memory come from the {@link VmSpec} (defaults when 0) and are enforced by
 * QEMU; a command that exhausts the memory is stopped by the guest's OOM killer and its result says
 * so. {@code diskMb} bounds the work directory: it is an ext4 disk of that size ({@link WorkDisk}); a
 * command that fills it fails with "No space left on device" and its result says the quota was reached.
 * The guest's other writes (and the work directory when {@code diskMb} is 0) share the root file
 * system's free space (the recipe's, 2 GiB by default).
 *
 * <p>Accelerator: KVM when a probe boots a guest with it (once per process), else TCG with one
 * warning line. Boots take ~3.5 s under TCG on an idle core; {@link #allocate} returns only when the
 * agent answered, and kills QEMU by PID when the boot deadline passes.
 *
 * <p>Thread-safe. The image is found or built on the first allocation.
 */
public final class MicrovmVmProvider implements VmProvider {
  public static final String NAME = "microvm";

  private static final Logger log = LoggerFactory.getLogger(MicrovmVmProvider.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<String, KvmProbe.Verdict> VERDICTS = new ConcurrentHashMap<>();

  private final ImageStore store;
  private final ImageRecipe recipe;
  private final MicrovmOptions options;
  private final BuildProgress progress;
  private final AtomicLong counter = new AtomicLong();
  private final Map<String, MicrovmVm> live = new ConcurrentHashMap<>();
  private final Snapshots snapshots;
  private volatile GuestImage image;
  private volatile boolean closed;

  public MicrovmVmProvider(ImageStore store, ImageRecipe recipe, MicrovmOptions options, BuildProgress progress) {
    this.store = store;
    this.recipe = recipe;
    this.options = options;
    this.progress = progress;
    this.snapshots = options.snapshots() ? new Snapshots(store.root().resolve("snapshots")) : null;
  }

  /** The default image in the default store, default options, build progress to the log. */
  public static MicrovmVmProvider create() throws VmException {
    return new MicrovmVmProvider(ImageStore.atDefaultRoot(), ImageRecipe.defaults(), MicrovmOptions.defaults(),
        line -> log.info("image: {}", line));
  }

  /** Whether the provider works here and with which accelerator; cached per process. */
  public static final java.util.function.Supplier<dev.hearth.vm.probe.HostSupport> PROBE =
      dev.hearth.vm.probe.HostSupport.cached(MicrovmProbe::support);

  /** True when {@code support} (this provider's probe) says KVM runs guests: only then is a microVM fast enough to be the default. */
  public static boolean runsOnKvm(dev.hearth.vm.probe.HostSupport support) {
    return support.works() && support.why().startsWith(MicrovmProbe.ON_KVM);
  }

  /**
   * {@link #create()} for wiring that takes a plain supplier: a host without a guest kernel gets an
   * {@link IllegalStateException} saying what to install.
   */
  public static MicrovmVmProvider createUnchecked() {
    try {
      return create();
    } catch (VmException e) {
      throw new IllegalStateException("provider microvm: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
    long start = System.nanoTime();
    String id = "microvm-" + counter.incrementAndGet() + "-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt());
    if (Thread.interrupted()) throw new InterruptedException("vm=" + id + ": interrupted before allocation");
    if (closed) throw new VmException("vm=" + id + ": provider microvm is closed");
    GuestImage guest = image();
    KvmProbe.Verdict verdict = accelerator(guest);
    Accelerator accelerator = verdict.accelerator();
    if (accelerator == Accelerator.TCG && !options.accelerator().equals("tcg") && !warnedTcg.getAndSet(true)) {
      log.warn("provider microvm: {}", verdict.why());
    }
    int vcpus = spec.vcpus() > 0 ? spec.vcpus() : options.defaultVcpus();
    long memoryMb = spec.memoryMb() > 0 ? spec.memoryMb() : options.defaultMemoryMb();
    long diskMb = Math.max(0, spec.diskMb());
    QemuCommand command = new QemuCommand(options.qemu(), guest, accelerator, vcpus, memoryMb, diskMb, spec.network(),
        spec.network() == VmSpec.NetworkPolicy.OUTBOUND ? HostAddresses.ipv4() : List.of(), null, null);
    MicrovmBoot.Booted machine = start(id, command);
    MicrovmVm vm = new MicrovmVm(id, machine, memoryMb, diskMb, this);
    live.put(id, vm);
    try {
      prepareWorkDir(vm);
      if (closed) throw new VmException("vm=" + id + ": provider microvm closed during allocation");
    } catch (VmException | InterruptedException | RuntimeException e) {
      vm.close();
      throw e;
    }
    log.info("vm={} allocated accel={} vcpus={} memoryMb={} diskMb={} network={} qemuPid={} labels={} log={} took={}ms", id,
        accelerator.qemuName(), vcpus, memoryMb, diskMb == 0 ? "image-free-space" : diskMb, spec.network(), vm.qemuPid(), spec.labels(), spec.logLabels(),
        (System.nanoTime() - start) / 1_000_000);
    return vm;
  }

  /** Restores the machine's snapshot when snapshots are on (made first when missing), else boots it. */
  private MicrovmBoot.Booted start(String id, QemuCommand command) throws VmException, InterruptedException {
    if (snapshots != null) {
      Path state = null;
      try {
        state = snapshots.stateFor(command, options.runtimeRoot(), options.bootTimeout());
        Path restored = state;
        return MicrovmBoot.boot(id, d -> {
          WorkDisk.prepare(id, command, d, true);
          return command.with(null, restored).withPaths(d).argv();
        }, options.runtimeRoot(),
            options.bootTimeout(), MicrovmBoot.Start.RESTORE);
      } catch (VmException e) {
        if (state != null) snapshots.discard(state);
        log.warn("vm={} snapshot start failed, booting instead: {}", id, e.getMessage());
      }
    }
    return MicrovmBoot.boot(id, d -> {
      WorkDisk.prepare(id, command, d, true);
      return command.withPaths(d).argv();
    }, options.runtimeRoot(), options.bootTimeout());
  }

  private static void prepareWorkDir(MicrovmVm vm) throws VmException, InterruptedException {
    var result = vm.exec(new dev.hearth.vm.ExecRequest(List.of("/bin/mkdir", "-p", MicrovmVm.WORK_DIR), Map.of(), "/",
        Duration.ofSeconds(60)), dev.hearth.vm.OutputSink.NONE);
    if (result.exitCode() != 0) throw new VmException("vm=" + vm.id() + ": cannot create " + MicrovmVm.WORK_DIR + " in the guest");
  }

  /** The guest image, found or built on first use. */
  public GuestImage image() throws VmException, InterruptedException {
    GuestImage current = image;
    if (current == null) {
      synchronized (this) {
        if (image == null) image = store.ensure(recipe, progress);
        current = image;
      }
    }
    return current;
  }

  private final java.util.concurrent.atomic.AtomicBoolean warnedTcg = new java.util.concurrent.atomic.AtomicBoolean();

  /** The accelerator this provider uses and why; probes KVM on first use (once per process and option). */
  public String acceleratorVerdict() throws VmException, InterruptedException {
    return accelerator(image()).why();
  }

  private KvmProbe.Verdict accelerator(GuestImage guest) throws InterruptedException {
    if (options.accelerator().equals("tcg")) return new KvmProbe.Verdict(Accelerator.TCG, "TCG as configured");
    if (options.accelerator().equals("kvm")) return new KvmProbe.Verdict(Accelerator.KVM, "KVM as configured");
    KvmProbe.Verdict known = VERDICTS.get(options.qemu());
    if (known != null) return known;
    synchronized (VERDICTS) {
      known = VERDICTS.get(options.qemu());
      if (known != null) return known;
      KvmProbe.Verdict verdict = KvmProbe.probe(Path.of("/dev/kvm"), deadline -> probeBoot(guest, deadline));
      // said once per provider when a VM really runs under TCG (allocate), not when auto only probes
      log.debug("provider microvm: {}", verdict.why());
      VERDICTS.put(options.qemu(), verdict);
      return verdict;
    }
  }

  private void probeBoot(GuestImage guest, Duration deadline) throws VmException, InterruptedException {
    String id = "microvm-kvm-probe-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt());
    MicrovmBoot.Booted machine = MicrovmBoot.boot(id,
        d -> new QemuCommand(options.qemu(), guest, Accelerator.KVM, 1, 256, 0, VmSpec.NetworkPolicy.NONE,
            List.of(), null, null).withPaths(d).argv(),
        options.runtimeRoot(), deadline);
    MicrovmBoot.cleanUp(machine.qemu(), machine.channel(), machine.runtimeDir());
  }

  void released(MicrovmVm vm) {
    live.remove(vm.id(), vm);
  }

  /** The VMs allocated and not yet released. */
  public List<String> liveVmIds() {
    return List.copyOf(live.keySet());
  }

  @Override
  public void close() {
    closed = true;
    try (ExecutorService releases = Executors.newVirtualThreadPerTaskExecutor()) {
      for (MicrovmVm vm : live.values()) releases.execute(vm::close);
    }
  }
}
