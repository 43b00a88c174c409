package dev.hearth.vm.root;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The host directories and files a sandboxed guest sees read-only, and the symbolic links of its
 * root. The rest of its root is generated ({@link GuestEtc}) or private to the VM (workspace,
 * {@code /tmp}, home, {@code /proc}, {@code /dev}), which the provider adds.
 *
 * @param binds host paths mounted read-only at the same or another guest path, in mount order
 *     (parents first)
 * @param symlinks guest path to link target, as on the host ({@code /bin -> usr/bin} on a usrmerge host)
 */
public record SystemRoot(List<HostBind> binds, Map<String, String> symlinks) {
  /**
   * Guest and host paths a bind may never be, lie beneath or contain: homes, secrets, state and the
   * host's own temporary and run-time files.
   */
  public static final List<String> NEVER_EXPOSED = List.of("/home", "/root", "/var", "/run", "/tmp", "/opt", "/srv",
      "/mnt", "/media", "/boot", "/proc", "/sys", "/dev", "/work", "/etc/shadow", "/etc/gshadow", "/etc/ssh",
      "/etc/ssl/private", "/etc/sudoers", "/etc/sudoers.d", "/etc/passwd", "/etc/group", "/etc/hosts",
      "/etc/resolv.conf", "/etc/hostname");

  /** Top-level system directories: bound when directories, linked when usrmerge made them symbolic links. */
  private static final List<String> SYSTEM_DIRS = List.of("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32");

  /** What of the host's {@code /etc} a guest may read: no secrets, no identity of the host's users. */
  private static final List<String> ETC_ALLOWED = List.of("alternatives", "ssl/certs", "ssl/openssl.cnf",
      "ca-certificates.conf", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "os-release",
      "debian_version", "lsb-release", "protocols", "services", "mime.types", "bash.bashrc", "profile", "inputrc");

  /** {@code /etc} directories matched by prefix: runtimes' configuration ({@code java-17-openjdk}, {@code python3.11}). */
  private static final List<String> ETC_ALLOWED_PREFIXES = List.of("java-", "python3");

  /**
   * A host path mounted read-only in the guest.
   *
   * @param host an absolute host path
   * @param guest the absolute guest path it appears at
   */
  public record HostBind(Path host, String guest) {
    public HostBind {
      if (!host.isAbsolute()) throw new IllegalArgumentException("bind source must be absolute, got " + host);
      if (!guest.startsWith("/")) throw new IllegalArgumentException("bind target must be absolute, got " + guest);
    }
  }

  public SystemRoot {
    binds = List.copyOf(binds);
    symlinks = Map.copyOf(new LinkedHashMap<>(symlinks));
    for (HostBind bind : binds) refuseSecret(bind.guest(), "guest path of bind " + bind);
  }

  /** The host's system root (see the package description for what is and is not in it). */
  public static SystemRoot fromHost() throws IOException {
    return fromHost(Path.of("/"));
  }

  /**
   * A root with these binds and links. Guest paths are checked against {@link #NEVER_EXPOSED}; host
   * paths are the caller's responsibility ({@link #fromHost} checks their real paths).
   */
  public static SystemRoot of(List<HostBind> binds, Map<String, String> symlinks) {
    return new SystemRoot(binds, symlinks);
  }

  /**
   * The system root found under {@code hostRoot} (a test's fake host), as guest paths from {@code /}.
   * Entries that are missing are left out; a bind whose real path (links followed) is a never-exposed
   * path is refused with an {@link IllegalArgumentException}.
   */
  static SystemRoot fromHost(Path hostRoot) throws IOException {
    List<HostBind> binds = new ArrayList<>();
    Map<String, String> links = new LinkedHashMap<>();
    for (String dir : SYSTEM_DIRS) add(hostRoot, dir, binds, links);
    Path etc = hostRoot.resolve("etc");
    for (String entry : ETC_ALLOWED) add(hostRoot, "etc/" + entry, binds, links);
    if (Files.isDirectory(etc)) {
      try (Stream<Path> entries = Files.list(etc)) {
        entries.map(p -> p.getFileName().toString())
            .filter(name -> ETC_ALLOWED_PREFIXES.stream().anyMatch(name::startsWith))
            .sorted()
            .forEach(name -> add(hostRoot, "etc/" + name, binds, links));
      }
    }
    for (HostBind bind : binds) {
      String real = bind.host().toRealPath().toString();
      String relative = "/" + hostRoot.toRealPath().relativize(bind.host().toRealPath());
      refuseSecret(hostRoot.toString().equals("/") ? real : relative, "real path " + real + " of bind " + bind);
    }
    binds.sort(Comparator.comparing(HostBind::guest));
    return new SystemRoot(binds, links);
  }

  private static void add(Path hostRoot, String relative, List<HostBind> binds, Map<String, String> links) {
    Path host = hostRoot.resolve(relative);
    String guest = "/" + relative;
    try {
      if (Files.isSymbolicLink(host)) {
        links.put(guest, Files.readSymbolicLink(host).toString());
      } else if (Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
        binds.add(new HostBind(host.toAbsolutePath(), guest));
      }
    } catch (IOException unreadable) {
      // a host entry we cannot read is one the guest does without
    }
  }

  /** Throws when {@code path} is, lies beneath or contains a never-exposed path. */
  private static void refuseSecret(String path, String what) {
    String normal = Path.of(path).normalize().toString();
    for (String secret : NEVER_EXPOSED) {
      boolean same = normal.equals(secret);
      boolean beneath = normal.startsWith(secret + "/");
      boolean contains = secret.startsWith(normal.equals("/") ? "/" : normal + "/");
      if (same || beneath || contains) {
        throw new IllegalArgumentException(what + " exposes " + secret + ", which a guest must never see");
      }
    }
  }

  /**
   * Lays the root out under {@code dir} (created when missing) as a file system to mount the binds
   * over: {@code etc/} with {@code etc}'s generated files, every symbolic link, an empty directory or
   * file as the mount point of every bind, and an empty directory for each of {@code mountPoints}
   * (guest paths such as {@code /proc}, {@code /tmp}, the workspace). Returns {@code dir}.
   */
  public Path writeSkeleton(Path dir, GuestEtc etc, List<String> mountPoints) throws IOException {
    Files.createDirectories(dir);
    etc.writeTo(dir.resolve("etc"));
    for (Map.Entry<String, String> link : symlinks.entrySet()) {
      Path at = inside(dir, link.getKey());
      Files.createDirectories(at.getParent());
      Files.deleteIfExists(at);
      Files.createSymbolicLink(at, Path.of(link.getValue()));
    }
    for (HostBind bind : binds) {
      Path at = inside(dir, bind.guest());
      if (Files.isDirectory(bind.host())) {
        Files.createDirectories(at);
      } else {
        Files.createDirectories(at.getParent());
        if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) Files.createFile(at);
      }
    }
    for (String point : mountPoints) Files.createDirectories(inside(dir, point));
    return dir;
  }

  private static Path inside(Path dir, String guestPath) {
    Path at = dir.resolve(guestPath.substring(1)).normalize();
    if (!at.startsWith(dir.normalize())) throw new IllegalArgumentException("guest path " + guestPath + " leaves the root");
    return at;
  }
}
