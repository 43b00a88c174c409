package dev.hearth.vm.microvm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the ENTRY / DATA frames of a GET answer under a host target: the first entry (relative path
 * "") is the target itself. Directory modes are applied after their contents, in reverse order.
 * Entry paths that would leave the target (absolute, {@code ..}) are refused, and so are entries
 * under a symbolic link: a link the copy itself made ({@code l a -> /etc}, then {@code f a/x}) must
 * not let a guest write outside the target on the host.
 */
final class TreeDownload implements AutoCloseable {
  private record DirMode(Path dir, int mode) {}

  private final Path target;
  private final List<DirMode> dirs = new ArrayList<>();
  private OutputStream file;
  private Path filePath;
  private int fileMode;

  TreeDownload(Path target) {
    this.target = target.toAbsolutePath().normalize();
  }

  /**
   * Writes the answers to a GET request until its END.
   *
   * @return empty when the whole tree arrived; otherwise why the agent did not send it (its ERROR, or a
   *     frame that does not belong in a copy)
   * @throws ChannelFailedException when the channel ended or nothing came for {@code silence}
   */
  Optional<String> receive(FrameQueue answers, Duration silence) throws IOException, InterruptedException, ChannelFailedException {
    while (true) {
      Frame frame = answers.take(silence);
      switch (frame.type()) {
        case Frame.ENTRY, Frame.DATA -> accept(frame);
        case Frame.END -> {
          finish();
          return Optional.empty();
        }
        case Frame.ERROR -> {
          return Optional.of(frame.errorMessage());
        }
        default -> {
          return Optional.of("unexpected frame 0x" + Integer.toHexString(frame.type()));
        }
      }
    }
  }

  void accept(Frame frame) throws IOException {
    if (frame.type() == Frame.DATA) {
      if (file == null) throw new MalformedFrameException("DATA frame without a file ENTRY before it");
      file.write(frame.payload());
      return;
    }
    closeFile();
    PayloadReader in = new PayloadReader(frame.payload());
    char kind = (char) in.u8();
    int mode = in.u32() & 07777;
    String relative = in.string();
    String linkTarget = in.string();
    Path path = resolve(relative);
    if (relative.isEmpty() && path.getParent() != null) Files.createDirectories(path.getParent());
    switch (kind) {
      case 'd' -> {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) Files.createDirectory(path);
        dirs.add(new DirMode(path, mode));
      }
      case 'l' -> {
        Files.deleteIfExists(path);
        Files.createSymbolicLink(path, path(linkTarget, "link target"));
      }
      case 'f' -> {
        Files.deleteIfExists(path);
        filePath = path;
        fileMode = mode;
        file = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
      default -> throw new MalformedFrameException("ENTRY of unknown kind '" + kind + "'");
    }
  }

  /** Closes the last file and applies the directory modes. */
  void finish() throws IOException {
    closeFile();
    for (int i = dirs.size() - 1; i >= 0; i--) {
      Path dir = dirs.get(i).dir();
      // a later entry may have replaced the directory by a link: never change the mode of what it points at
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) Files.setPosixFilePermissions(dir, permissions(dirs.get(i).mode()));
    }
    dirs.clear();
  }

  private Path resolve(String relative) {
    Path given = path(relative, "path");
    Path path = target.resolve(given).normalize();
    if (!path.startsWith(target) || given.isAbsolute()) {
      throw new MalformedFrameException("ENTRY path '" + relative + "' leaves the copy's target");
    }
    for (Path dir = path.getParent(); dir != null && dir.startsWith(target); dir = dir.getParent()) {
      if (Files.isSymbolicLink(dir)) {
        throw new MalformedFrameException("ENTRY path '" + relative + "' goes through the symbolic link '"
            + target.relativize(dir) + "'; entries under a link are refused (they could leave the copy's target)");
      }
    }
    return path;
  }

  /** {@code text} as a path; one the host cannot name (a NUL byte) is a malformed ENTRY. */
  private static Path path(String text, String what) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new MalformedFrameException("ENTRY " + what + " '" + text.replace("\0", "\\0") + "' is not a valid path: " + e.getReason());
    }
  }

  private void closeFile() throws IOException {
    if (file == null) return;
    file.close();
    file = null;
    Files.setPosixFilePermissions(filePath, permissions(fileMode));
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - p.ordinal()))) != 0) perms.add(p);
    }
    return perms;
  }

  @Override
  public void close() throws IOException {
    closeFile();
  }
}
