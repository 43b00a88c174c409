package dev.hearth.vm.sandbox;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.hearth.vm.root.GuestEtc;
import dev.hearth.vm.root.SystemRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The guest {@code /etc} that every sandbox of one provider shares, built once in one host directory
 * and bound read-only as a whole: the {@link SystemRoot}'s {@code /etc} entries (copied from the host,
 * symbolic links kept as links) and the {@link GuestEtc} files that are the same in every VM. A VM
 * binds only its own files (those whose content differs: {@code hostname}, {@code hosts}, and
 * {@code resolv.conf} when its network policy differs) over their shared placeholders. One bind
 * instead of one per {@code /etc} entry: bwrap's cost grows with the number of mounts it makes.
 *
 * <p>Copies live in the {@link UserCache} under {@code sandbox-etc/<digest>}, named by the state of
 * the host entries they copy (path, modification time, size) and the generated files, so providers
 * and processes share one copy and never rewrite one a VM may be using. The provider checks {@link
 * #fresh} before each VM: when the host's entries changed (a package update, new CA certificates) the
 * next VM gets a new copy. An old copy stays (a megabyte or two) while a process leases it, for its VMs
 * still running; the first {@link #of} after that, in any process, removes it ({@link SharedEtcCache}).
 *
 * @param dir the host directory bound at {@code /etc}
 * @param template the generated files written into {@code dir}, by name
 * @param fingerprint the host entries' state when copied
 * @param lease this process's use of the copy, which keeps {@link SharedEtcCache#prune} off it
 */
record SharedEtc(Path dir, Map<String, String> template, String fingerprint, SharedEtcCache.Lease lease)
    implements AutoCloseable {
  private static final String ETC = "/etc/";

  /** The system root without its {@code /etc} entries: what each VM still binds or links itself. */
  static SystemRoot outsideEtc(SystemRoot root) {
    return SystemRoot.of(root.binds().stream().filter(b -> !b.guest().startsWith(ETC)).toList(),
        root.symlinks().entrySet().stream().filter(e -> !e.getKey().startsWith(ETC))
            .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
  }

  /**
   * The shared {@code /etc} for the host's current state: the cached copy, made now when missing, and
   * leased until {@link #close}. Copies older than it that no process uses are then pruned.
   */
  static SharedEtc of(SharedEtcCache cache, SystemRoot root, GuestEtc template) throws IOException {
    String fingerprint = fingerprint(root);
    String name = digest(fingerprint + template.files());
    SharedEtcCache.Lease lease = cache.lease(name);
    try {
      Path dir = lease.copy();
      if (Files.isDirectory(dir)) {
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now())); // the newest in use: the copies older than it are stale
      } else {
        make(cache.dir(), dir, root, template);
      }
      cache.prune(name);
      return new SharedEtc(dir, template.files(), fingerprint, lease);
    } catch (IOException | RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  private static void make(Path cache, Path dir, SystemRoot root, GuestEtc template) throws IOException {
    Path staging = Files.createTempDirectory(cache, ".building-");
    try {
      build(staging, root, template);
      Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherWon) {
      // another provider made the same copy meanwhile: use theirs
    } finally {
      if (Files.exists(staging, NOFOLLOW_LINKS)) HostDirs.delete(staging);
    }
  }

  /** Lets the copy go: once no process leases it and a newer one is in use, it may be pruned. Idempotent. */
  @Override
  public void close() {
    lease.close();
  }

  private static void build(Path dir, SystemRoot root, GuestEtc template) throws IOException {
    for (SystemRoot.HostBind bind : root.binds()) {
      if (bind.guest().startsWith(ETC)) copy(bind.host(), inside(dir, bind.guest()));
    }
    for (Map.Entry<String, String> link : root.symlinks().entrySet()) {
      if (!link.getKey().startsWith(ETC)) continue;
      Path at = inside(dir, link.getKey());
      Files.createDirectories(at.getParent());
      Files.createSymbolicLink(at, Path.of(link.getValue()));
    }
    template.writeTo(dir);
  }

  private static String digest(String state) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** False when the host's {@code /etc} entries changed since this copy was made. */
  boolean fresh(SystemRoot root) {
    return fingerprint.equals(fingerprint(root));
  }

  /** The files of {@code etc} that differ from the shared ones: a VM writes and binds only these. */
  Map<String, String> own(GuestEtc etc) {
    Map<String, String> own = new LinkedHashMap<>();
    etc.files().forEach((name, content) -> {
      if (!content.equals(template.get(name))) own.put(name, content);
    });
    return own;
  }

  private static Path inside(Path dir, String guestPath) {
    return dir.resolve(guestPath.substring(ETC.length()));
  }

  /** Copies a host file or tree; links stay links, unreadable entries are left out (the guest does without). */
  private static void copy(Path host, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    List<Path> entries = new ArrayList<>();
    if (Files.isDirectory(host, NOFOLLOW_LINKS)) {
      try (Stream<Path> walk = Files.walk(host)) {
        walk.forEach(entries::add);
      }
    } else {
      entries.add(host);
    }
    for (Path entry : entries) {
      Path to = target.resolve(host.relativize(entry).toString());
      try {
        if (Files.isDirectory(entry, NOFOLLOW_LINKS)) {
          Files.createDirectories(to);
        } else {
          Files.copy(entry, to, NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
      } catch (AccessDeniedException unreadable) {
        // as with binds: a host entry we cannot read is one the guest does without
      }
    }
  }

  private static String fingerprint(SystemRoot root) {
    StringBuilder state = new StringBuilder();
    for (SystemRoot.HostBind bind : root.binds()) {
      if (!bind.guest().startsWith(ETC)) continue;
      try {
        BasicFileAttributes attrs = Files.readAttributes(bind.host(), BasicFileAttributes.class, NOFOLLOW_LINKS);
        state.append(bind.host()).append(' ').append(attrs.lastModifiedTime().toMillis()).append(' ').append(attrs.size()).append('\n');
      } catch (IOException gone) {
        state.append(bind.host()).append(" gone\n");
      }
    }
    root.symlinks().forEach((guest, target) -> state.append(guest).append(" -> ").append(target).append('\n'));
    return state.toString();
  }
}
