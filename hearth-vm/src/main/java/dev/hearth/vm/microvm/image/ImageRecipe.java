package dev.hearth.vm.microvm.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Everything a guest image is made from: the Debian packages of its root file system, the host
 * kernel version whose {@code vmlinuz} and modules it boots, and the sources of Hearth's guest init
 * and agent. Its {@link #hash()} names the image: the same recipe always means the same image, and
 * any change (a package, a kernel update, an edit to the agent) means a new one.
 *
 * @param packages Debian packages installed with their dependencies (sorted, no duplicates)
 * @param kernelVersion a version with {@code /boot/vmlinuz-<version>} and {@code /lib/modules/<version>}
 * @param freeSpaceMb free space left in the root file system for the runs' files
 */
public record ImageRecipe(List<String> packages, String kernelVersion, int freeSpaceMb) {
  /** The packages of the default image (issue 4): a shell, the core tools, git, Python, Node.js, CA certificates. */
  public static final List<String> DEFAULT_PACKAGES =
      List.of("bash", "ca-certificates", "coreutils", "dash", "git", "nodejs", "python3", "tar", "gzip", "findutils",
          "grep", "sed", "procps");

  /**
   * What the builder makes of a recipe, as a number in the hash: raised when the same packages, kernel
   * and sources give a different image (2: the root file system has {@code /etc/ld.so.cache}).
   */
  static final int LAYOUT = 2;

  /** Resources of this package that go into every image; their bytes are part of the hash. */
  static final List<String> SOURCES = List.of("hearth-agent.c", "init");

  /** Kernel modules the initramfs loads, in order (their dependencies are added before them). */
  static final List<String> MODULES = List.of("virtio_mmio", "virtio_console", "virtio_blk", "virtio_net",
      "crc32c_generic", "ext4");

  public ImageRecipe {
    packages = List.copyOf(new TreeSet<>(packages));
    if (packages.isEmpty()) throw new IllegalArgumentException("an image needs at least one package");
    for (String p : packages) {
      if (!p.matches("[a-z0-9][a-z0-9+.-]+")) throw new IllegalArgumentException("'" + p + "' is not a Debian package name");
    }
    if (!kernelVersion.matches("[A-Za-z0-9._+-]+")) throw new IllegalArgumentException("bad kernel version '" + kernelVersion + "'");
    if (freeSpaceMb < 0) throw new IllegalArgumentException("freeSpaceMb must not be negative");
  }

  /** The default packages with the newest kernel installed on this host. */
  public static ImageRecipe defaults() throws ImageException {
    return new ImageRecipe(DEFAULT_PACKAGES, newestHostKernel(), 2048);
  }

  public ImageRecipe withPackages(List<String> newPackages) {
    return new ImageRecipe(newPackages, kernelVersion, freeSpaceMb);
  }

  /** The newest {@code /boot/vmlinuz-*} that has modules in {@code /lib/modules}. */
  public static String newestHostKernel() throws ImageException {
    try (Stream<Path> boot = Files.list(Path.of("/boot"))) {
      List<String> versions = new ArrayList<>(boot.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("vmlinuz-"))
          .map(n -> n.substring("vmlinuz-".length()))
          .filter(v -> Files.isDirectory(Path.of("/lib/modules", v)))
          .sorted()
          .toList());
      if (versions.isEmpty()) {
        throw new ImageException("no guest kernel: /boot has no vmlinuz-* with modules in /lib/modules"
            + " (install the Debian package linux-image-amd64)");
      }
      return versions.get(versions.size() - 1);
    } catch (IOException e) {
      throw new ImageException("no guest kernel: cannot list /boot: " + e.getMessage(), e);
    }
  }

  /** The recipe as text, one fact per line; written beside the image. */
  public String describe() {
    return "packages=" + String.join(",", packages) + "\nkernel=" + kernelVersion + "\nmodules=" + String.join(",", MODULES)
        + "\nfreeSpaceMb=" + freeSpaceMb + "\nsources=" + sourcesDigest() + "\nlayout=" + LAYOUT + "\n";
  }

  /** The image's name: 16 hex digits of SHA-256 over {@link #describe()}. */
  public String hash() {
    return HexFormat.of().formatHex(sha256(describe().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
  }

  static byte[] source(String name) {
    try (InputStream in = ImageRecipe.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("resource " + name + " is missing from the hearth-vm jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name + ": " + e.getMessage(), e);
    }
  }

  private static String sourcesDigest() {
    MessageDigest digest = newDigest();
    for (String name : SOURCES) digest.update(source(name));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static byte[] sha256(byte[] bytes) {
    return newDigest().digest(bytes);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
