package dev.hearth.vm.microvm;

import dev.hearth.vm.VmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Booted-VM snapshots, so a VM starts by restoring one (~0.4 s under TCG on an idle core) instead of
 * booting (~3.5 s). One snapshot per machine configuration (image, accelerator, vCPUs, memory,
 * network, blocked host addresses, QEMU binary), made on first need by booting a template VM to the
 * agent's HELLO and migrating its state to a file over QMP, kept under {@code dir} for later
 * processes. The template is saved before RESUME, so its root file system is still read-only (the
 * disk holds everything it wrote: nothing) and every restored VM gets its own clock, randomness
 * and PID base from its RESUME.
 *
 * <p>Thread-safe: one process makes each snapshot once; concurrent processes may both make it and
 * the last rename wins (the files are equivalent).
 */
final class Snapshots {
  private static final Logger log = LoggerFactory.getLogger(Snapshots.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration SAVE_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<Path, String> failed = new ConcurrentHashMap<>();

  Snapshots(Path dir) {
    this.dir = dir;
  }

  /** The state file of {@code command}'s machine, made now when missing. */
  Path stateFor(QemuCommand command, Path runtimeRoot, Duration bootTimeout) throws VmException, InterruptedException {
    Path state = dir.resolve(key(command) + ".state");
    synchronized (locks.computeIfAbsent(state.toString(), k -> new Object())) {
      String failure = failed.get(state);
      if (failure != null) throw new VmException("snapshot " + state.getFileName() + " could not be made earlier: " + failure);
      if (Files.isRegularFile(state)) return state;
      try {
        make(command, state, runtimeRoot, bootTimeout);
      } catch (VmException e) {
        failed.put(state, e.getMessage()); // one failed template per provider: later VMs boot without trying again
        throw e;
      }
      return state;
    }
  }

  /** Forgets a snapshot that did not restore (it is made again on next need). */
  void discard(Path state) {
    try {
      Files.deleteIfExists(state);
    } catch (IOException e) {
      log.warn("snapshot {}: cannot delete: {}", state, e.toString());
    }
  }

  private void make(QemuCommand command, Path state, Path runtimeRoot, Duration bootTimeout)
      throws VmException, InterruptedException {
    long start = System.nanoTime();
    String id = "microvm-template-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt());
    MicrovmBoot.Booted template = MicrovmBoot.boot(id,
        d -> {
          WorkDisk.prepare(id, command, d, false); // the same devices as the VMs restored from it; never mounted
          return command.with(d.resolve(MicrovmBoot.QMP_SOCKET), null).withPaths(d).argv();
        }, runtimeRoot, bootTimeout,
        MicrovmBoot.Start.TEMPLATE);
    Path partial = null;
    try {
      Files.createDirectories(dir);
      partial = Files.createTempFile(dir, "making-", ".state");
      try (Qmp qmp = Qmp.connect(template.runtimeDir().resolve(MicrovmBoot.QMP_SOCKET))) {
        qmp.saveTo(partial, SAVE_TIMEOUT);
      }
      Files.move(partial, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      log.info("snapshot {} made from {} in {} ms ({} MiB)", state.getFileName(), id, (System.nanoTime() - start) / 1_000_000,
          Files.size(state) / (1024 * 1024));
    } catch (IOException e) {
      throw new VmException("vm=" + id + ": cannot save a snapshot to " + state + ": " + e.getMessage(), e);
    } finally {
      MicrovmBoot.cleanUp(template.qemu(), template.channel(), template.runtimeDir());
      if (partial != null) discard(partial);
    }
  }

  private static String key(QemuCommand command) {
    Path qemu = Path.of(command.qemu());
    String binary;
    try {
      Path resolved = qemu.isAbsolute() ? qemu : which(command.qemu());
      binary = resolved + " " + Files.size(resolved) + " " + Files.getLastModifiedTime(resolved);
    } catch (IOException e) {
      binary = command.qemu();
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((command.snapshotKey() + "\n" + binary).getBytes(StandardCharsets.UTF_8));
      return command.image().hash() + "-" + HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static Path which(String program) throws IOException {
    for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(entry, program);
      if (Files.isExecutable(candidate)) return candidate;
    }
    throw new IOException(program + " is not on PATH");
  }
}
