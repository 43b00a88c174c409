package dev.hearth.vm.gvisor;

import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.host.HostLabels;
import dev.hearth.vm.probe.HostSupport;
import dev.hearth.vm.root.GuestEtc;
import dev.hearth.vm.root.SystemRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code gvisor} provider: a VM is one gVisor sandbox made with Debian's {@code runsc} on the
 * ptrace platform (which needs no virtualisation, so it works on cloud VMs without nested KVM), with
 * gVisor's user-space kernel between every command of the run and the host kernel.
 *
 * <p>What a guest sees: the host's system directories read-only and a generated {@code /etc} ({@link
 * SystemRoot}, {@link GuestEtc}; never homes, {@code /root}, {@code /var} or {@code /run}), a private
 * home and work directory ({@code /home/runner/work}) and a private {@code /tmp}; its own process
 * tree; no host environment. Network: {@code NONE} is loopback only ({@code --network=none});
 * {@code OUTBOUND} is gVisor's network stack on a slirp4netns device ({@link OutboundNetwork}), which
 * reaches the internet but not the host's own services. Memory and vCPUs of the spec become the
 * sandbox's cgroup limits (runsc applies them): a run past its memory quota loses its sandbox, and its
 * next command fails saying so; the host and other runs live on. Disk is not limited.
 *
 * <p>Privileges: runsc {@code create}/{@code start}/{@code exec} need root here. Bookworm's runsc
 * refuses {@code --rootless} for {@code create} ("Rootless mode not supported with create") and a
 * sandbox made inside a user namespace fails to start its sandbox process; only {@code runsc do}
 * runs rootless, which cannot keep one sandbox for a whole run. Commands inside run as the runner user
 * without capabilities.
 *
 * <p>Thread-safe. VM ids are {@code gvisor-<n>-<random>}; container ids add a {@code hearth-} prefix
 * and must be unique on the whole host (see {@link Runsc}).
 */
public final class GvisorVmProvider implements VmProvider {
  public static final String NAME = "gvisor";
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);
  private static final Duration RUNSC_LIMIT = Duration.ofSeconds(60);
  private static final Logger log = LoggerFactory.getLogger(GvisorVmProvider.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path stateRoot;
  private final Runsc runsc;
  private final Duration killGrace;
  private final SystemRoot systemRoot;
  private final Optional<StatxCompat> compat;
  private final AtomicLong counter = new AtomicLong();
  /** In every container id of this provider: tells its sandboxes (and their host-wide abstract sockets) from other providers'. */
  private final String instance = HexFormat.of().toHexDigits((short) RANDOM.nextInt());
  private final Map<String, GvisorVm> live = new ConcurrentHashMap<>();
  private final Set<Path> leftovers = ConcurrentHashMap.newKeySet();
  private final Map<String, Watchdog> watchdogs = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private GvisorVmProvider(Path stateRoot, Runsc runsc, Duration killGrace, SystemRoot systemRoot, Optional<StatxCompat> compat) {
    this.stateRoot = stateRoot;
    this.runsc = runsc;
    this.killGrace = killGrace;
    this.systemRoot = systemRoot;
    this.compat = compat;
  }

  /** VMs under {@code hearth-gvisor} in {@code java.io.tmpdir}. */
  public static GvisorVmProvider create() throws VmException {
    return create(Path.of(System.getProperty("java.io.tmpdir"), "hearth-gvisor"), DEFAULT_KILL_GRACE);
  }

  /**
   * A provider keeping its state (runsc's {@code --root}, each VM's bundle and work directory) under
   * {@code stateRoot}, created mode 0700 when missing.
   *
   * @throws VmException when runsc is not installed or this process is not root (the message says what to do)
   */
  public static GvisorVmProvider create(Path stateRoot, Duration killGrace) throws VmException {
    Optional<String> why = unavailability();
    if (why.isPresent()) throw new VmException("provider gvisor cannot run on this host: " + why.get());
    Path root = stateRoot.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root.getParent());
      if (!Files.isDirectory(root)) Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.createDirectories(root.resolve("vms"));
      SystemRoot systemRoot = SystemRoot.fromHost();
      Runsc runsc = new Runsc(Runsc.find().orElseThrow(), root.resolve("runsc"));
      return new GvisorVmProvider(root, runsc, killGrace, systemRoot, StatxCompat.prepare(root));
    } catch (IOException | RuntimeException e) {
      throw new VmException("provider gvisor: cannot prepare state directory " + root + ": " + e, e);
    }
  }

  /** Whether the provider works on this host and what it enforces (cached; the first call runs {@code runsc do true} once). */
  public static HostSupport probe() {
    return GvisorProbe.support();
  }

  /** Why this host cannot run the provider at all (runsc missing, not root), or empty; cheap, runs nothing. */
  public static Optional<String> unavailability() {
    if (Runsc.find().isEmpty()) return Optional.of("runsc is not installed; " + Runsc.INSTALL_HINT);
    if (!runsAsRoot()) {
      return Optional.of("runsc create/start/exec need root here (bookworm's runsc refuses --rootless for create); "
          + "run Hearth as root or choose the sandbox provider");
    }
    return Optional.empty();
  }

  static boolean runsAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** A string every container id of this provider holds after its VM id, and no other provider's (for leak checks). */
  String containerMarker() {
    return "-" + instance;
  }

  /** Where this provider keeps runsc's state and its VMs' directories. */
  public Path stateRoot() {
    return stateRoot;
  }

  @Override
  public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
    long start = System.nanoTime();
    String id = "gvisor-" + counter.incrementAndGet() + "-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt());
    if (Thread.interrupted()) throw new InterruptedException("vm=" + id + ": interrupted before allocation");
    if (closed) throw new VmException("vm=" + id + ": provider gvisor is closed");
    Optional<String> refusal = HostLabels.refusal(spec.labels());
    if (refusal.isPresent()) throw new VmException("vm=" + id + ": no provider serves this job: " + refusal.get());
    String containerId = "hearth-" + id + "-" + instance + HexFormat.of().toHexDigits(RANDOM.nextInt());
    Path vmDir = stateRoot.resolve("vms").resolve(id);
    boolean outbound = spec.network() == VmSpec.NetworkPolicy.OUTBOUND;
    Runsc.Network network = outbound ? Runsc.Network.SANDBOX : Runsc.Network.NONE;
    List<String> missing = outbound ? GvisorProbe.missingForOutbound() : List.of();
    if (!missing.isEmpty()) {
      throw new VmException("vm=" + id + ": network OUTBOUND needs " + String.join(", ", missing)
          + " (Debian packages slirp4netns, util-linux, iproute2); network NONE works without them");
    }
    Optional<OutboundNetwork> net = Optional.empty();
    try {
      watchdogs.put(id, Watchdog.arm(id, deleteCommand(containerId)));
      Files.createDirectory(vmDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      OciBundle bundle = new OciBundle(vmDir);
      OciBundle.Limits limits = new OciBundle.Limits(containerId, spec.memoryMb(), spec.vcpus());
      bundle.write(systemRoot, new GuestEtc(OciBundle.USER, "hearth", outbound ? OutboundNetwork.NAMESERVERS : List.of()), "hearth",
          compat, limits);
      Path pidFile = vmDir.resolve("sandbox.pid");
      if (outbound) { // the network joins between create and start
        Runsc.run(id, "create sandbox", runsc.command(network, limits.any(), List.of("create", "--pid-file", pidFile.toString(),
            "--bundle", bundle.dir().toString(), containerId)), vmDir.resolve("create.log"), RUNSC_LIMIT);
        net = Optional.of(OutboundNetwork.start(id, Long.parseLong(Files.readString(pidFile).trim()), vmDir.resolve("slirp.sock"), vmDir.resolve("slirp.log")));
        Runsc.run(id, "start sandbox", startCommand(network, containerId), vmDir.resolve("start.log"), RUNSC_LIMIT);
      } else { // one runsc process instead of two
        Runsc.run(id, "run sandbox", runsc.command(network, limits.any(), List.of("run", "--detach", "--pid-file",
            pidFile.toString(), "--bundle", bundle.dir().toString(), containerId)),
            vmDir.resolve("run.log"), RUNSC_LIMIT);
      }
      long sandboxPid = Long.parseLong(Files.readString(pidFile).trim());
      GvisorVm vm = new GvisorVm(id, containerId, vmDir, runsc, network, net, killGrace, this, new SandboxDeath(sandboxPid, limits));
      live.put(id, vm);
      if (closed) {
        vm.close();
        throw new VmException("vm=" + id + ": provider gvisor closed during allocation");
      }
      log.info("vm={} allocated container={} network={} labels={} log={} took={}ms{}", id, containerId, spec.network(),
          spec.labels(), spec.logLabels(), (System.nanoTime() - start) / 1_000_000, unenforced(spec));
      return vm;
    } catch (IOException | RuntimeException e) {
      destroy(id, containerId, vmDir, net);
      throw new VmException("vm=" + id + ": cannot make the sandbox in " + vmDir + ": " + e, e);
    } catch (VmException | InterruptedException e) {
      destroy(id, containerId, vmDir, net);
      throw e;
    }
  }

  /**
   * {@code runsc start}; with gVisor's network stack, inside a private mount namespace whose {@code
   * /proc/sys/net} is hidden: this runsc takes the presence of {@code /proc/sys/net/core/rmem_default}
   * for "the root network namespace", which kernels since 6.x show in every namespace, and refuses to start.
   */
  private List<String> startCommand(Runsc.Network network, String containerId) {
    List<String> start = runsc.command(network, "start", containerId);
    if (network != Runsc.Network.SANDBOX) return start;
    List<String> wrapped = new java.util.ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
        "mount -t tmpfs none /proc/sys/net && exec \"$@\"", "sh"));
    wrapped.addAll(start);
    return wrapped;
  }

  private static String unenforced(VmSpec spec) {
    if (spec.diskMb() == 0) return "";
    return " not-enforced=[diskMb=" + spec.diskMb() + "]";
  }

  /** Deletes a sandbox and everything it held on the host; never throws, remembers what it could not remove. */
  void destroy(String id, String containerId, Path vmDir, Optional<OutboundNetwork> net) {
    Watchdog watchdog = watchdogs.remove(id);
    if (watchdog != null) watchdog.disarm();
    try {
      Runsc.run(id, "delete sandbox", deleteCommand(containerId),
          stateRoot.resolve("vms").resolve(id + ".delete.log"), RUNSC_LIMIT);
    } catch (VmException e) {
      if (!e.getMessage().contains("does not exist")) log.warn("vm={} {}", id, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    net.ifPresent(OutboundNetwork::stop);
    try {
      GvisorCopy.delete(stateRoot.resolve("vms").resolve(id + ".delete.log"));
      GvisorCopy.delete(vmDir);
    } catch (IOException | RuntimeException e) {
      log.warn("vm={} cannot remove {} (retried when the provider closes): {}", id, vmDir, e.toString());
      leftovers.add(vmDir);
    }
  }

  private List<String> deleteCommand(String containerId) {
    return runsc.command(Runsc.Network.NONE, "delete", "--force", containerId);
  }

  void released(GvisorVm vm) {
    live.remove(vm.id(), vm);
  }

  /** The VMs allocated and not yet released, for diagnostics. */
  public List<String> liveVmIds() {
    return List.copyOf(live.keySet());
  }

  @Override
  public void close() {
    closed = true;
    try (ExecutorService releases = Executors.newVirtualThreadPerTaskExecutor()) {
      for (GvisorVm vm : live.values()) releases.execute(vm::close);
    }
    for (Path dir : leftovers) {
      try {
        GvisorCopy.delete(dir);
        leftovers.remove(dir);
      } catch (IOException | RuntimeException e) {
        log.warn("provider gvisor: cannot remove leftover {}: {}", dir, e.toString());
      }
    }
  }
}
