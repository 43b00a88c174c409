package dev.hearth.vm.sandbox;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of shared {@code /etc} copies ({@code sandbox-etc} in the {@link UserCache}), which
 * several providers and several {@code hearth} processes use at once: who uses which copy, and the
 * removal of copies nobody uses.
 *
 * <p>A copy {@code <name>} is in use while someone holds a {@link Lease} on it: a shared lock on the
 * file {@code <name>.lock} beside it (an fcntl record lock: the kernel drops it when its process ends,
 * however it ends, and the process's sandboxes end with it, since their agent ends with its stdin).
 * {@link #prune} deletes a copy only while holding that file's exclusive lock, and before letting go
 * deletes the lock file too and writes {@code pruned} into it; a lease that was waiting on that file
 * sees the mark once it has its lock and starts over with a new lock file (and a new copy). The JVM
 * allows one lock per file per process, so leases of one process on one copy share one lock, counted.
 *
 * <p>Thread-safe; the methods of all instances in one process serialize on one monitor.
 */
final class SharedEtcCache {
  /** A staging directory this old was left by a build that died: builds take milliseconds. */
  static final Duration ABANDONED_BUILD = Duration.ofMinutes(10);

  /** A copy no lease ever marked may be used by a {@code hearth} from before leases; after this long it is not. */
  static final Duration UNLEASED_COPY = Duration.ofDays(7);

  private static final Logger log = LoggerFactory.getLogger(SharedEtcCache.class);
  private static final String LOCK = ".lock";
  private static final String BUILDING = ".building-";
  private static final byte[] PRUNED = "pruned".getBytes(StandardCharsets.US_ASCII);
  private static final Object MONITOR = new Object();
  /** This process's locks, by lock file; guarded by {@link #MONITOR}. */
  private static final Map<Path, Held> HELD = new HashMap<>();

  private static final class Held {
    final FileChannel channel;
    final FileLock lock;
    int leases;

    Held(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }
  }

  private final Path dir;

  SharedEtcCache(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  Path dir() {
    return dir;
  }

  /** Where the copy named {@code name} lives (it may not exist yet). */
  Path copy(String name) {
    return dir.resolve(name);
  }

  /** Marks the copy {@code name} in use until the lease is closed; the copy itself may still have to be made. */
  Lease lease(String name) throws IOException {
    Path lockFile = dir.resolve(name + LOCK);
    synchronized (MONITOR) {
      Held held = HELD.get(lockFile);
      if (held == null) {
        held = lockShared(lockFile);
        HELD.put(lockFile, held);
      }
      held.leases++;
      return new Lease(copy(name), lockFile);
    }
  }

  /** A shared lock on {@code lockFile}, taken again on a new file when a pruner removed this one meanwhile. */
  private Held lockShared(Path lockFile) throws IOException {
    Files.createDirectories(dir);
    while (true) {
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        FileLock lock = channel.lock(0, Long.MAX_VALUE, true);
        if (!pruned(channel, lockFile)) return new Held(channel, lock);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      channel.close();
    }
  }

  /**
   * True when a pruner deleted this lock file from the directory: it marks the file after unlinking it
   * (a pruner that died between the two leaves an unmarked file, so the path is checked too).
   */
  private static boolean pruned(FileChannel channel, Path lockFile) throws IOException {
    ByteBuffer mark = ByteBuffer.allocate(PRUNED.length);
    channel.read(mark, 0);
    return Arrays.equals(mark.array(), PRUNED) || !Files.exists(lockFile, NOFOLLOW_LINKS);
  }

  /**
   * Deletes the copies older than {@code current} that no process holds a lease on, and staging
   * directories of builds that died. Copies newer than {@code current} stay: another {@code hearth}
   * (another version, another host state) may be about to use one.
   *
   * @return the names of what was deleted
   */
  List<String> prune(String current) {
    List<String> deleted = new ArrayList<>();
    synchronized (MONITOR) {
      FileTime currentMade;
      try {
        currentMade = Files.getLastModifiedTime(copy(current), NOFOLLOW_LINKS);
      } catch (IOException e) {
        return deleted; // nothing to compare with: keep everything
      }
      Instant abandoned = Instant.now().minus(ABANDONED_BUILD);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (name.equals(current) || name.equals(current + LOCK)) continue;
          try {
            FileTime made = Files.getLastModifiedTime(entry, NOFOLLOW_LINKS);
            if (name.endsWith(LOCK)) {
              String copy = name.substring(0, name.length() - LOCK.length());
              // a lock without its copy: a build that failed, or a copy deleted by hand
              if (!Files.exists(copy(copy), NOFOLLOW_LINKS) && deleteUnused(copy)) deleted.add(name);
            } else if (name.startsWith(BUILDING)) {
              if (made.toInstant().isBefore(abandoned)) {
                HostDirs.delete(entry);
                deleted.add(name);
              }
            } else if (stale(name, made, currentMade) && deleteUnused(name)) {
              deleted.add(name);
            }
          } catch (java.nio.file.NoSuchFileException gone) {
            // removed meanwhile: a copy's lock goes with its copy, listed earlier; or another process pruned it
          } catch (IOException e) {
            log.warn("sandbox-etc: cannot remove the stale copy {}: {}", entry, e.toString());
          }
        }
      } catch (IOException e) {
        log.warn("sandbox-etc: cannot list {}: {}", dir, e.toString());
      }
    }
    if (!deleted.isEmpty()) log.info("sandbox-etc: removed {} stale copies of /etc from {}: {}", deleted.size(), dir, deleted);
    return deleted;
  }

  /**
   * A copy chosen before the current one is stale; one without a lock file was made by a {@code hearth}
   * that took no leases (before pruning existed), which may still be using it, so it is stale only
   * after {@link #UNLEASED_COPY}.
   */
  private boolean stale(String name, FileTime made, FileTime currentMade) {
    if (made.compareTo(currentMade) >= 0) return false;
    return Files.exists(dir.resolve(name + LOCK), NOFOLLOW_LINKS) || made.toInstant().isBefore(Instant.now().minus(UNLEASED_COPY));
  }

  /** Deletes the copy {@code name} and its lock file when no process holds a lease on it; false when one does. */
  private boolean deleteUnused(String name) throws IOException {
    Path lockFile = dir.resolve(name + LOCK);
    if (HELD.containsKey(lockFile)) return false;
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) return false;
      if (pruned(channel, lockFile)) return false; // opened just before another pruner deleted it: that one did the work
      // renamed first: a half-deleted copy never stands under a name a lease could take
      Path doomed = dir.resolve(BUILDING + "pruned-" + name + "-" + System.nanoTime());
      if (Files.exists(copy(name), NOFOLLOW_LINKS)) {
        Files.move(copy(name), doomed, StandardCopyOption.ATOMIC_MOVE);
        HostDirs.delete(doomed);
      }
      Files.delete(lockFile);
      channel.write(ByteBuffer.wrap(PRUNED), 0); // for a lease waiting on this file: take a new one
      return true;
    }
  }

  /** A use of one copy; closing it lets the copy be pruned once no other lease holds it. Idempotent. */
  final class Lease implements AutoCloseable {
    private final Path copy;
    private final Path lockFile;
    private boolean closed;

    private Lease(Path copy, Path lockFile) {
      this.copy = copy;
      this.lockFile = lockFile;
    }

    Path copy() {
      return copy;
    }

    @Override
    public void close() {
      synchronized (MONITOR) {
        if (closed) return;
        closed = true;
        Held held = HELD.get(lockFile);
        if (held == null || --held.leases > 0) return;
        HELD.remove(lockFile);
        try {
          held.lock.release();
          held.channel.close();
        } catch (IOException e) {
          log.warn("sandbox-etc: cannot release the lock {}: {}", lockFile, e.toString());
        }
      }
    }
  }
}
