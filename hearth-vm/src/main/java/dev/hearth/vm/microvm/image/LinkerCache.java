package dev.hearth.vm.microvm.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The guest's {@code /etc/ld.so.cache}, which libc-bin's trigger would have made. Without it the
 * dynamic linker searches every library directory for every library of every program the guest
 * starts (about 2 ms per exec under TCG). The host's {@code ldconfig -r ROOT} writes it: it reads the
 * guest's {@code /etc/ld.so.conf} and scans the guest's directories, names the libraries by their
 * paths in the guest, and needs no privileges (it prefixes paths, it does not chroot). The host and
 * the guest are the same Debian, so the cache's format is the guest's dynamic linker's.
 */
final class LinkerCache {
  /** What libc-bin's {@code /etc/ld.so.conf} says; libc6 puts the multiarch directories in ld.so.conf.d. */
  static final String CONF = "include /etc/ld.so.conf.d/*.conf\n";

  private LinkerCache() {}

  static void write(Path root, Path work) throws IOException, ImageException, InterruptedException {
    Path conf = root.resolve("etc/ld.so.conf");
    if (!Files.exists(conf)) Files.writeString(conf, CONF);
    HostCommand.run("dynamic linker cache", List.of(ldconfig(), "-r", root.toAbsolutePath().toString()), work);
    if (!Files.isRegularFile(root.resolve("etc/ld.so.cache"))) {
      throw new ImageException("dynamic linker cache: ldconfig -r " + root + " wrote no etc/ld.so.cache");
    }
  }

  /** Debian's ldconfig lives in /sbin, which a user's PATH often lacks. */
  private static String ldconfig() {
    for (String candidate : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
      if (Files.isExecutable(Path.of(candidate))) return candidate;
    }
    return "ldconfig";
  }
}
