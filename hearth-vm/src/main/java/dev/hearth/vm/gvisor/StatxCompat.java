package dev.hearth.vm.gvisor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workaround for Debian bookworm's runsc (release 20221219): its {@code statx} and {@code
 * newfstatat} reject the flag {@code AT_NO_AUTOMOUNT} with {@code EINVAL}, which coreutils 9 passes,
 * so {@code ls} and {@code stat} fail with "Invalid argument" on every path. The guest gets a tiny
 * shared library, named in its {@code /etc/ld.so.preload}, whose {@code statx} drops that flag (it
 * means nothing in a sandbox without automounts). Built once per state directory with the host's C
 * compiler; without one, guests run without it and the provider says so.
 *
 * @param dir the host directory holding {@code statx.so}, bound read-only into the guest
 */
record StatxCompat(Path dir) {
  private static final Logger log = LoggerFactory.getLogger(StatxCompat.class);
  static final String LIBRARY = "statx.so";
  private static final String SOURCE = """
      #define _GNU_SOURCE
      #include <fcntl.h>
      #include <sys/stat.h>
      #include <sys/syscall.h>
      #include <unistd.h>
      /* runsc 20221219 refuses AT_NO_AUTOMOUNT (EINVAL); a sandbox has no automounts to avoid. */
      int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf) {
        return (int) syscall(SYS_statx, dirfd, path, flags & ~AT_NO_AUTOMOUNT, mask, buf);
      }
      """;

  String guestPath(String guestDir) {
    return guestDir + "/" + LIBRARY;
  }

  /** The library under {@code stateRoot/compat}, built when missing; empty (with a warning) when no compiler works. */
  static Optional<StatxCompat> prepare(Path stateRoot) {
    Path dir = stateRoot.resolve("compat").resolve(Integer.toHexString(SOURCE.hashCode()));
    if (Files.isRegularFile(dir.resolve(LIBRARY))) return Optional.of(new StatxCompat(dir));
    try {
      Files.createDirectories(dir);
      Path source = Files.createTempFile(dir, "statx", ".c");
      Path built = Files.createTempFile(dir, "statx", ".so");
      Files.writeString(source, SOURCE);
      Process cc = new ProcessBuilder(List.of("cc", "-O2", "-shared", "-fPIC", "-nostartfiles", "-o", built.toString(), source.toString()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .start();
      String said = new String(cc.getInputStream().readAllBytes()).trim();
      boolean done = cc.waitFor(60, TimeUnit.SECONDS);
      Files.deleteIfExists(source);
      if (!done || cc.exitValue() != 0) {
        cc.destroyForcibly();
        Files.deleteIfExists(built);
        log.warn("provider gvisor: cannot build the statx compatibility library ({}): ls and stat will fail with "
            + "'Invalid argument' in guests of runsc 20221219", said);
        return Optional.empty();
      }
      Files.setPosixFilePermissions(built, PosixFilePermissions.fromString("r-xr-xr-x")); // the runner user loads it
      Files.move(built, dir.resolve(LIBRARY), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return Optional.of(new StatxCompat(dir));
    } catch (IOException e) {
      log.warn("provider gvisor: no C compiler to build the statx compatibility library ({}): ls and stat will fail "
          + "with 'Invalid argument' in guests of runsc 20221219; install gcc", e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
