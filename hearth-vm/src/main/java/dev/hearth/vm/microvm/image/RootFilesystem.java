package dev.hearth.vm.microvm.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The guest's root file system, made from Debian packages without root privileges inside a chroot:
 * the host's apt resolves the packages and their dependencies against an empty package database
 * (so nothing installed on the host is assumed) and downloads them from the mirror the host uses;
 * {@code dpkg-deb -x} unpacks each; a few files that maintainer scripts would make are written
 * directly (users, DNS, the CA bundle, the dynamic linker's cache); {@code mke2fs -d} turns the tree
 * into an ext4 image.
 *
 * <p>Maintainer scripts do not run: the image is for running workflow commands, not for
 * {@code apt-get install} inside it (dpkg's database in the image is empty).
 */
final class RootFilesystem {
  private RootFilesystem() {}

  static void build(List<String> packages, int freeSpaceMb, Path work, Path debCache, Path image, BuildProgress progress)
      throws ImageException, InterruptedException {
    List<Path> debs = download(packages, work, debCache, progress);
    Path root = work.resolve("root");
    progress.step("unpacking " + debs.size() + " packages");
    try {
      Files.createDirectories(root);
      for (Path deb : debs) HostCommand.run("root file system", List.of("dpkg-deb", "-x", deb.toString(), root.toString()), work);
      configure(root);
      progress.step("writing the dynamic linker's cache (ldconfig -r)");
      LinkerCache.write(root, work);
      long usedMb = sizeMb(root);
      long sizeMb = usedMb + usedMb / 5 + 64 + freeSpaceMb;
      progress.step("making an ext4 image of " + usedMb + " MiB (+" + freeSpaceMb + " MiB free)");
      HostCommand.run("root file system", List.of("mke2fs", "-q", "-t", "ext4", "-L", "hearth-root", "-E", "root_owner=0:0",
          "-d", root.toString(), image.toString(), sizeMb + "M"), work);
    } catch (IOException e) {
      throw new ImageException("root file system: " + e.getMessage(), e);
    }
  }

  private static List<Path> download(List<String> packages, Path work, Path debCache, BuildProgress progress)
      throws ImageException, InterruptedException {
    progress.step("resolving and downloading " + String.join(" ", packages) + " (with dependencies)");
    try {
      Files.createDirectories(debCache.resolve("partial"));
      Path emptyStatus = work.resolve("dpkg-status");
      Files.writeString(emptyStatus, "");
      List<String> argv = new ArrayList<>(List.of("apt-get", "-q", "-y", "--no-install-recommends", "--download-only",
          "-o", "Dir::State::status=" + emptyStatus, "-o", "Dir::Cache::archives=" + debCache,
          "-o", "Debug::NoLocking=1", "-o", "APT::Sandbox::User=" + System.getProperty("user.name"), "install"));
      argv.addAll(packages);
      HostCommand.run("root file system", argv, work);
      // apt does not say which files it used; its simulated plan names each package and version
      List<Path> debs = new ArrayList<>();
      String plan = HostCommand.run("root file system", planCommand(emptyStatus, debCache, packages), work);
      for (String line : plan.split("\n")) {
        if (!line.startsWith("Inst ")) continue;
        String[] parts = line.split(" ");
        String name = parts[1];
        String version = parts[2].substring(1);
        debs.add(debFile(debCache, name, version));
      }
      if (debs.isEmpty()) throw new ImageException("root file system: apt planned no packages for " + packages);
      return debs;
    } catch (IOException e) {
      throw new ImageException("root file system: " + e.getMessage(), e);
    }
  }

  private static List<String> planCommand(Path emptyStatus, Path debCache, List<String> packages) {
    List<String> argv = new ArrayList<>(List.of("apt-get", "-s", "-q", "-y", "--no-install-recommends",
        "-o", "Dir::State::status=" + emptyStatus, "-o", "Dir::Cache::archives=" + debCache,
        "-o", "Debug::NoLocking=1", "install"));
    argv.addAll(packages);
    return argv;
  }

  /** The file apt saved for a package version (an epoch's ':' is stored as "%3a"). */
  private static Path debFile(Path debCache, String name, String version) throws IOException, ImageException {
    String prefix = name + "_" + version.replace(":", "%3a") + "_";
    try (Stream<Path> files = Files.list(debCache)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".deb"))
          .findFirst()
          .orElseThrow(() -> new ImageException("root file system: apt did not download " + name + " " + version
              + " into " + debCache));
    }
  }

  /** What maintainer scripts would have made: users, name resolution, the CA bundle, /bin/sh. */
  private static void configure(Path root) throws IOException {
    Path etc = root.resolve("etc");
    Files.createDirectories(etc);
    Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n"
        + "runner:x:1001:1001:runner:/home/runner:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
    Files.writeString(etc.resolve("group"), "root:x:0:\nrunner:x:1001:\nnogroup:x:65534:\n");
    Files.writeString(etc.resolve("hostname"), "hearth\n");
    Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost hearth\n::1 localhost\n");
    Files.writeString(etc.resolve("resolv.conf"), "nameserver 10.0.2.3\n");
    Files.createDirectories(root.resolve("home/runner"));
    Files.createDirectories(root.resolve("root"));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    if (!Files.exists(root.resolve("bin/sh"), java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.exists(root.resolve("bin/dash"))) {
      Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("dash"));
    }
    if (!Files.exists(root.resolve("usr/bin/awk")) && Files.exists(root.resolve("usr/bin/mawk"))) {
      Files.createSymbolicLink(root.resolve("usr/bin/awk"), Path.of("mawk"));
    }
    writeCaBundle(root);
  }

  private static void writeCaBundle(Path root) throws IOException {
    Path certs = root.resolve("usr/share/ca-certificates");
    if (!Files.isDirectory(certs)) return;
    StringBuilder bundle = new StringBuilder();
    try (Stream<Path> files = Files.walk(certs)) {
      for (Path crt : files.filter(p -> p.toString().endsWith(".crt")).sorted().toList()) {
        bundle.append(Files.readString(crt, StandardCharsets.US_ASCII));
        if (bundle.charAt(bundle.length() - 1) != '\n') bundle.append('\n');
      }
    }
    Path dir = Files.createDirectories(root.resolve("etc/ssl/certs"));
    Files.writeString(dir.resolve("ca-certificates.crt"), bundle, StandardCharsets.US_ASCII);
  }

  private static long sizeMb(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      long bytes = files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
      return bytes / (1024 * 1024) + 1;
    }
  }
}
