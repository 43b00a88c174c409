package dev.hearth.vm.microvm.image;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Built guest images under one directory, each in a subdirectory named by its recipe's hash. An
 * image is built once: {@link #ensure} returns the existing one, or builds it in a temporary
 * directory and renames it into place (so a half-built image is never used, and two processes
 * building the same recipe both end up with one image). Downloaded packages are kept in
 * {@code debs/} for the next build.
 *
 * <p>Thread-safe; builds of one recipe within a process wait for each other.
 */
public final class ImageStore {
  /** Environment variable that overrides {@link #defaultRoot()}. */
  public static final String ROOT_ENV = "HEARTH_IMAGE_DIR";

  private static final Map<String, Object> BUILD_LOCKS = new ConcurrentHashMap<>();

  private final Path root;

  public ImageStore(Path root) {
    this.root = root.toAbsolutePath();
  }

  /** {@code $HEARTH_IMAGE_DIR}, else {@code $XDG_CACHE_HOME/hearth/images}, else {@code ~/.cache/hearth/images}. */
  public static Path defaultRoot() {
    String override = System.getenv(ROOT_ENV);
    if (override != null && !override.isBlank()) return Path.of(override);
    String cache = System.getenv("XDG_CACHE_HOME");
    Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("hearth").resolve("images");
  }

  public static ImageStore atDefaultRoot() {
    return new ImageStore(defaultRoot());
  }

  public Path root() {
    return root;
  }

  /** The image built from {@code recipe}, if there is one. */
  public Optional<GuestImage> find(ImageRecipe recipe) {
    GuestImage image = new GuestImage(recipe.hash(), root.resolve(recipe.hash()));
    return Files.isRegularFile(image.rootfs()) ? Optional.of(image) : Optional.empty();
  }

  /** Every built image, newest first. */
  public List<GuestImage> list() throws ImageException {
    if (!Files.isDirectory(root)) return List.of();
    try (Stream<Path> dirs = Files.list(root)) {
      List<GuestImage> images = new ArrayList<>();
      for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("[0-9a-f]{16}")).toList()) {
        GuestImage image = new GuestImage(dir.getFileName().toString(), dir);
        if (Files.isRegularFile(image.rootfs())) images.add(image);
      }
      images.sort(Comparator.comparing((GuestImage i) -> modified(i.dir())).reversed());
      return images;
    } catch (IOException e) {
      throw new ImageException("cannot list images in " + root + ": " + e.getMessage(), e);
    }
  }

  /** The image of {@code recipe}, built first when there is none. */
  public GuestImage ensure(ImageRecipe recipe, BuildProgress progress) throws ImageException, InterruptedException {
    String hash = recipe.hash();
    synchronized (BUILD_LOCKS.computeIfAbsent(root + "/" + hash, k -> new Object())) {
      Optional<GuestImage> existing = find(recipe);
      if (existing.isPresent()) {
        progress.step("image " + hash + " is up to date: " + existing.get().dir());
        return existing.get();
      }
      return build(recipe, progress);
    }
  }

  private GuestImage build(ImageRecipe recipe, BuildProgress progress) throws ImageException, InterruptedException {
    String hash = recipe.hash();
    Path work;
    try {
      Files.createDirectories(root);
      work = Files.createTempDirectory(root, hash + ".building-");
    } catch (IOException e) {
      throw new ImageException("cannot create a build directory in " + root + ": " + e.getMessage(), e);
    }
    try {
      Path staged = Files.createDirectory(work.resolve(hash));
      new ImageBuilder(recipe, root.resolve("debs"), progress).build(work, new GuestImage(hash, staged));
      Path target = root.resolve(hash);
      try {
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException raced) {
        progress.step("another build finished image " + hash + " first; using it");
      }
      progress.step("image " + hash + " built: " + target);
      return new GuestImage(hash, target);
    } catch (IOException e) {
      throw new ImageException("cannot store image " + hash + " in " + root + ": " + e.getMessage(), e);
    } finally {
      deleteTree(work);
    }
  }

  private static long modified(Path dir) {
    try {
      return Files.getLastModifiedTime(dir).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!Files.isSymbolicLink(p)) p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a build directory that cannot be removed is only wasted space; the next build uses a new one
    }
  }
}
