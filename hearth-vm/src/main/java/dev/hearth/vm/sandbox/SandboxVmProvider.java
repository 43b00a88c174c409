package dev.hearth.vm.sandbox;

import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.host.HostLabels;
import dev.hearth.vm.microvm.GuestAgent;
import dev.hearth.vm.probe.HostSupport;
import dev.hearth.vm.root.GuestEtc;
import dev.hearth.vm.root.GuestUser;
import dev.hearth.vm.root.SystemRoot;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
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
 * The {@code sandbox} provider: a VM is one long-lived bubblewrap sandbox on this host, with its own
 * user, mount, pid, IPC, UTS and network namespaces, no capabilities, running as {@code runner}
 * (uid 1001) over a read-only system root ({@link SystemRoot#fromHost()}: the host's {@code /usr} and
 * friends, a generated {@code /etc}, never homes, {@code /root}, {@code /var}, {@code /run} or the
 * host's {@code /tmp}). Its writable parts are private: {@code /home/runner} (with the work directory
 * {@code /home/runner/work}) and {@code /tmp}, kept in a 0700 directory under {@link #root()} and
 * removed at release. No host environment variable or credential enters.
 *
 * <p><b>Exec:</b> the sandbox's command is Hearth's guest agent ({@code hearth-agent --stdio}, the
 * microVM's agent, built once with gcc: see {@code AgentBinary}), which speaks the guest agent protocol
 * (docs/guest-agent-protocol.md) over bwrap's stdin and stdout. An exec is one EXEC frame: the agent
 * forks the command as the runner user in a session and process group of its own, in the requested
 * directory with exactly the requested environment; files and background processes persist between
 * execs. A timeout sends SIGTERM to the command's process group and SIGKILL after the kill grace; an
 * interrupt sends SIGKILL at once. Processes that start a process group of their own escape that kill
 * but not the release. Output lines of at most 1 MiB; pipes held by background processes are let go
 * after 250 ms of quiet (2 s at most). Copies are the agent's PUT and GET requests.
 *
 * <p><b>Network:</b> {@link VmSpec.NetworkPolicy#OUTBOUND} gives the sandbox a {@code slirp4netns}
 * user-mode stack (see {@code UserNetwork} for why not pasta) that reaches the internet but not the
 * host's loopback services nor its own addresses (black-holed); {@link VmSpec.NetworkPolicy#NONE} leaves
 * it with its loopback only. Other runs are other namespaces: unreachable except through the internet.
 *
 * <p><b>Limits:</b> vCPUs, memory and a PID ceiling through cgroup v2 where this process's cgroup
 * delegates the controllers (see {@code Cgroups}); elsewhere they are not enforced and allocation logs
 * one warning line. Disk is not limited.
 *
 * <p><b>Release:</b> kills the sandbox (its init dies, and with it every process in its pid namespace),
 * stops the network stack, removes the cgroup and the VM's directory. Thread-safe; VMs belong to the
 * caller of {@link #allocate}; {@link #close()} releases those still live.
 */
public final class SandboxVmProvider implements VmProvider {
  public static final String NAME = "sandbox";
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(SandboxVmProvider.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;
  private final Duration killGrace;
  private final Tools tools;
  private final SystemRoot systemRoot;
  private final SystemRoot outsideEtc;
  private final Cgroups cgroups;
  private final AgentBinary agent;
  private final AtomicLong counter = new AtomicLong();
  private final Map<String, SandboxVm> live = new ConcurrentHashMap<>();
  private final Set<Path> leftovers = ConcurrentHashMap.newKeySet();
  private final Object etcLock = new Object();
  private SharedEtc sharedEtc; // guarded by etcLock
  private final List<SharedEtc> retiredEtc = new ArrayList<>(); // guarded by etcLock
  private final SharedEtcCache etcCache = new SharedEtcCache(UserCache.dir("sandbox-etc"));
  private volatile boolean warnedLimits;
  private volatile boolean closed;

  private SandboxVmProvider(Path root, Duration killGrace, Tools tools, SystemRoot systemRoot, Cgroups cgroups, AgentBinary agent) {
    this.root = root.toAbsolutePath();
    this.killGrace = killGrace;
    this.tools = tools;
    this.systemRoot = systemRoot;
    this.outsideEtc = SharedEtc.outsideEtc(systemRoot);
    this.cgroups = cgroups;
    this.agent = agent;
  }

  /** Whether the provider works on this host and what it enforces (cached; the first call runs {@code bwrap} once). */
  public static HostSupport probe() {
    return SandboxProbe.support();
  }

  /** VMs under {@code hearth-sandboxes} in {@code java.io.tmpdir}. */
  public static SandboxVmProvider create() throws VmException {
    return create(Path.of(System.getProperty("java.io.tmpdir"), "hearth-sandboxes"), DEFAULT_KILL_GRACE);
  }

  /**
   * VMs kept under {@code root} (created, mode 0700); killed trees get {@code killGrace} between SIGTERM
   * and SIGKILL.
   *
   * @throws VmException when the provider does not work here (the message says why: bwrap missing, user
   *     namespaces disabled, …)
   */
  public static SandboxVmProvider create(Path root, Duration killGrace) throws VmException {
    Tools tools = Tools.find();
    HostSupport support = probe();
    if (!support.works()) throw new VmException("provider sandbox does not work on this host: " + support.why());
    try {
      Files.createDirectories(root.toAbsolutePath().getParent());
      Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException exists) {
      // reused: each VM has its own 0700 directory in it
    } catch (IOException e) {
      throw new VmException("provider sandbox: cannot create its directory " + root + ": " + e.getMessage(), e);
    }
    AgentBinary agent;
    try {
      agent = AgentBinary.prepare(tools);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VmException("provider sandbox: interrupted while building its guest agent", e);
    }
    try {
      SandboxVmProvider provider = new SandboxVmProvider(root, killGrace, tools, SystemRoot.fromHost(), Cgroups.detect(), agent);
      provider.sharedEtc(); // the first VM does not wait for the copy
      return provider;
    } catch (IOException e) {
      throw new VmException("provider sandbox: cannot prepare the guests' system root from the host's: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The directory VMs' private directories are made in. */
  public Path root() {
    return root;
  }

  @Override
  public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
    long start = System.nanoTime();
    String id = "sandbox-" + counter.incrementAndGet() + "-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt());
    if (Thread.interrupted()) throw new InterruptedException("vm=" + id + ": interrupted before allocation");
    if (closed) throw new VmException("vm=" + id + ": provider sandbox is closed");
    Optional<String> refusal = HostLabels.refusal(spec.labels());
    if (refusal.isPresent()) throw new VmException("vm=" + id + ": no provider serves this job: " + refusal.get());
    boolean outbound = spec.network() == VmSpec.NetworkPolicy.OUTBOUND;
    if (outbound && !tools.missingForOutbound().isEmpty()) {
      throw new VmException("vm=" + id + ": network outbound needs " + String.join(", ", tools.missingForOutbound()));
    }
    SandboxLayout layout = new SandboxLayout(root.resolve(id), GuestUser.RUNNER);
    GuestEtc etc = new GuestEtc(GuestUser.RUNNER, id, outbound ? UserNetwork.NAMESERVERS : List.of());
    Sandbox sandbox = null;
    GuestAgent guest = null;
    Optional<UserNetwork> network = Optional.empty();
    Optional<Path> cgroup = Optional.empty();
    try {
      SharedEtc shared = sharedEtc();
      Map<String, String> ownEtc = shared.own(etc);
      layout.create(ownEtc);
      sandbox = Sandbox.launch(id, tools.bwrap().orElseThrow(), layout.bwrapArguments(outsideEtc, shared, ownEtc.keySet(), id, agent),
          SandboxLayout.AGENT, layout.stderr());
      if (cgroups.enabled()) { // before the agent runs a command: every command inherits the cgroup
        cgroup = Optional.of(cgroups.create(id, spec));
        Cgroups.join(cgroup.get(), ProcessHandle.of(sandbox.bwrapPid()).orElseThrow());
      }
      // the network comes up while bwrap mounts the guest's root and the agent starts
      if (outbound) {
        sandbox.awaitLoopback();
        network = Optional.of(UserNetwork.start(id, tools, sandbox.namespacePid()));
      }
      guest = sandbox.connect();
      if (network.isPresent()) network.get().awaitReady();
    } catch (VmException | InterruptedException | IOException | RuntimeException e) {
      network.ifPresent(UserNetwork::stop);
      if (sandbox != null) sandbox.kill();
      if (guest != null) guest.close();
      cgroup.ifPresent(Cgroups::remove);
      deleteQuietly(layout.hostDir());
      if (e instanceof IOException io) throw new VmException("vm=" + id + ": cannot prepare " + layout.hostDir() + ": " + io.getMessage(), io);
      if (e instanceof VmException failed) throw failed;
      if (e instanceof InterruptedException interrupted) throw interrupted;
      throw (RuntimeException) e;
    }
    SandboxVm vm = new SandboxVm(id, layout, sandbox, guest, network, cgroup, killGrace, this);
    live.put(id, vm);
    if (closed) {
      vm.close();
      throw new VmException("vm=" + id + ": provider sandbox closed during allocation");
    }
    warnUnlimited(spec);
    log.info("vm={} allocated network={} labels={} log={} took={}ms", id, spec.network(), spec.labels(), spec.logLabels(),
        (System.nanoTime() - start) / 1_000_000);
    return vm;
  }

  /** The current shared {@code /etc}, another when the host's entries changed since the last VM. */
  private SharedEtc sharedEtc() throws IOException {
    synchronized (etcLock) {
      if (sharedEtc != null && sharedEtc.fresh(systemRoot)) return sharedEtc;
      if (sharedEtc != null) {
        log.info("provider sandbox: the host's /etc changed; new VMs get a fresh copy of it");
        retiredEtc.add(sharedEtc); // its VMs may still run: let go of it when the provider closes
      }
      sharedEtc = SharedEtc.of(etcCache, systemRoot, new GuestEtc(GuestUser.RUNNER, "sandbox", List.of()));
      return sharedEtc;
    }
  }

  private void warnUnlimited(VmSpec spec) {
    if (cgroups.enabled() || warnedLimits) return;
    if (spec.vcpus() <= 0 && spec.memoryMb() <= 0) return; // nothing asked: nothing to say (hearth providers tells)
    warnedLimits = true;
    log.warn("provider sandbox: {} (vcpus={} memoryMb={} asked)", cgroups.whyNot(), spec.vcpus(), spec.memoryMb());
  }

  private static void deleteQuietly(Path dir) {
    try {
      HostDirs.delete(dir);
    } catch (IOException e) {
      log.warn("provider sandbox: cannot remove {}: {}", dir, e.toString());
    }
  }

  /** The VMs allocated and not yet released, for diagnostics. */
  public List<String> liveVmIds() {
    return List.copyOf(live.keySet());
  }

  void released(SandboxVm vm) {
    live.remove(vm.id(), vm);
  }

  void leftOver(Path dir) {
    leftovers.add(dir);
  }

  @Override
  public void close() {
    closed = true;
    try (ExecutorService releases = Executors.newVirtualThreadPerTaskExecutor()) {
      for (SandboxVm vm : live.values()) releases.execute(vm::close);
    }
    for (Path dir : leftovers) {
      deleteQuietly(dir);
      leftovers.remove(dir);
    }
    synchronized (etcLock) {
      retiredEtc.forEach(SharedEtc::close);
      retiredEtc.clear();
      if (sharedEtc != null) sharedEtc.close();
    }
  }
}
