package dev.hearth.vm.host;

import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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
 * The {@code host} provider: a "VM" is a fresh private directory on this machine (mode 0700, under
 * {@link #root()}) and the processes started in it, running as the Hearth user.
 *
 * <p><b>Isolation: none beyond the private work directory.</b> Commands see the host's whole file
 * system, processes, network and users, and can outlive the VM if they leave their session on
 * purpose. Use it for trusted workflows, development and tests only. {@link VmSpec} resource limits
 * are not enforced (they are logged); a spec with {@link VmSpec.NetworkPolicy#NONE} is refused rather
 * than silently given the host's network. It serves every {@code runs-on} label (they are logged)
 * except those naming another operating system or CPU architecture (see {@code HostLabels}).
 *
 * <p>Commands start in their own session and process group (see {@code ProcessTrees}), so a timeout,
 * an interrupt or the VM's release kills the whole tree: SIGTERM, then SIGKILL after the kill grace.
 * Processes a command leaves running in the background (a server a step starts) keep running until
 * the VM is released. If they still hold the command's output pipes, the exec returns once the
 * pipes have been idle for 250 ms (at most 2 s after the command exited if they keep writing), and
 * their later output is dropped; redirect a background process's output to keep it.
 *
 * <p>Output lines longer than 1 MiB are delivered in 1 MiB pieces. A program missing from
 * {@code PATH} exits with 127 (as in a shell); a missing working directory is a {@link VmException}.
 * Relative guest paths (working directory, copy paths) are taken from the VM's work directory.
 *
 * <p>Thread-safe. VMs belong to the caller of {@link #allocate}; {@link #close()} releases those not
 * yet released. VM ids are {@code host-<n>-<random>}, unique within a process and unlikely to repeat
 * across processes sharing a root.
 */
public final class HostVmProvider implements VmProvider {
  /** The name users select this provider by. */
  public static final String NAME = "host";
  /** How long a killed process tree gets between SIGTERM and SIGKILL unless configured. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(HostVmProvider.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;
  private final Duration killGrace;
  private final ProcessTrees trees;
  private final ProcessRegistry registry;
  private final AtomicLong counter = new AtomicLong();
  private final Map<String, HostVm> live = new ConcurrentHashMap<>();
  private final Set<Path> leftovers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private HostVmProvider(Path root, Duration killGrace, ProcessTrees trees) {
    if (killGrace.isNegative()) throw new IllegalArgumentException("killGrace must not be negative");
    this.root = root.toAbsolutePath();
    this.killGrace = killGrace;
    this.trees = trees;
    this.registry = new ProcessRegistry(trees);
  }

  /** VMs under {@code hearth-vms} in {@code java.io.tmpdir}, with the default kill grace. */
  public static HostVmProvider create() {
    return create(Path.of(System.getProperty("java.io.tmpdir"), "hearth-vms"));
  }

  /** VMs as directories under {@code root} (created, mode 0700, when missing). */
  public static HostVmProvider create(Path root) {
    return create(root, DEFAULT_KILL_GRACE);
  }

  /** VMs under {@code root}; killed trees get {@code killGrace} between SIGTERM and SIGKILL. */
  public static HostVmProvider create(Path root, Duration killGrace) {
    return new HostVmProvider(root, killGrace, ProcessTrees.detect());
  }

  /** For tests of the fallback used where setsid is missing. */
  static HostVmProvider withoutProcessGroups(Path root, Duration killGrace) {
    return new HostVmProvider(root, killGrace, ProcessTrees.withoutProcessGroups());
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The directory VM work directories are made in. */
  public Path root() {
    return root;
  }

  @Override
  public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
    long start = System.nanoTime();
    String id = "host-" + counter.incrementAndGet() + "-" + HexFormat.of().toHexDigits((byte) RANDOM.nextInt())
        + HexFormat.of().toHexDigits((short) RANDOM.nextInt());
    if (Thread.interrupted()) throw new InterruptedException("vm=" + id + ": interrupted before allocation");
    if (closed) throw new VmException("vm=" + id + ": provider host is closed");
    if (spec.network() == VmSpec.NetworkPolicy.NONE) {
      throw new VmException("vm=" + id + ": the host provider cannot cut a VM off the network (network=NONE, labels="
          + spec.labels() + "); use an isolating provider");
    }
    Optional<String> refusal = HostLabels.refusal(spec.labels());
    if (refusal.isPresent()) throw new VmException("vm=" + id + ": no provider serves this job: " + refusal.get());
    Path workDir = createWorkDir(id);
    HostVm vm = new HostVm(id, workDir, trees, registry, killGrace, this);
    live.put(id, vm);
    if (closed) {
      vm.close();
      throw new VmException("vm=" + id + ": provider host closed during allocation");
    }
    log.info("vm={} allocated workdir={} labels={} log={} took={}ms{}{}", id, workDir, spec.labels(), spec.logLabels(),
        (System.nanoTime() - start) / 1_000_000, unenforced(spec),
        trees.usesProcessGroups() ? "" : " (no setsid: trees killed through descendants, orphans escape)");
    return vm;
  }

  /** The resource limits of the spec, which the host cannot enforce, for the allocation log line. */
  private static String unenforced(VmSpec spec) {
    if (spec.vcpus() == 0 && spec.memoryMb() == 0 && spec.diskMb() == 0) return "";
    return " not-enforced=[vcpus=" + spec.vcpus() + " memoryMb=" + spec.memoryMb() + " diskMb=" + spec.diskMb() + "]";
  }

  private Path createWorkDir(String id) throws VmException {
    Path dir = root.resolve(id);
    try {
      if (!Files.isDirectory(root)) {
        try {
          Files.createDirectories(root.getParent());
          Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException raced) {
          // another allocation made it first
        }
      }
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException | UnsupportedOperationException e) {
      throw new VmException("vm=" + id + ": cannot create workdir " + dir + ": " + e, e);
    }
    checkRootIsPrivate(id, dir);
    return dir;
  }

  /**
   * Refuses a root another user could write to or owns (say a {@code /tmp/hearth-vms} planted by
   * someone else): they could swap a VM's directory for a link to anywhere.
   */
  private void checkRootIsPrivate(String id, Path dir) throws VmException {
    try {
      Object rootOwner = Files.getAttribute(root, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      Object ourUid = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS);
      boolean shared = perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
      if (!rootOwner.equals(ourUid) || shared || Files.isSymbolicLink(root)) {
        FileTrees.delete(dir);
        throw new VmException("vm=" + id + ": workdir root " + root + " is not private to this user (owner uid "
            + rootOwner + ", mode " + PosixFilePermissions.toString(perms) + "); remove it or choose another root");
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      throw new VmException("vm=" + id + ": cannot check workdir root " + root + ": " + e, e);
    }
  }

  /** The VMs allocated and not yet released, for diagnostics. */
  public List<String> liveVmIds() {
    return List.copyOf(live.keySet());
  }

  void released(HostVm vm) {
    live.remove(vm.id(), vm);
  }

  /** A work directory a release could not remove; deleted again when the provider closes. */
  void leftOver(Path workDir) {
    leftovers.add(workDir);
  }

  /**
   * Releases the live VMs in parallel, so stubborn processes cost one kill grace, not one per VM,
   * then retries the work directories earlier releases could not remove.
   */
  @Override
  public void close() {
    closed = true;
    try (ExecutorService releases = Executors.newVirtualThreadPerTaskExecutor()) {
      for (HostVm vm : live.values()) releases.execute(vm::close);
    }
    for (Path dir : leftovers) {
      try {
        FileTrees.delete(dir);
        leftovers.remove(dir);
      } catch (IOException | RuntimeException e) {
        log.warn("provider host: cannot remove leftover workdir {}: {}", dir, e.toString());
      }
    }
  }
}
