package dev.hearth.vm.microvm.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The guest's initramfs: a static busybox, Hearth's init script and agent, and the kernel modules
 * the guest needs (with their dependencies from {@code modules.dep}, in load order).
 */
final class Initramfs {
  static final Path BUSYBOX = Path.of("/bin/busybox");

  private Initramfs() {}

  static void write(Path target, String kernelVersion, List<String> modules, Path agent) throws ImageException {
    Path moduleDir = Path.of("/lib/modules", kernelVersion);
    List<String> ordered = loadOrder(moduleDir, modules);
    try (CpioWriter cpio = new CpioWriter(new BufferedOutputStream(Files.newOutputStream(target)))) {
      for (String dir : List.of("bin", "dev", "proc", "sys", "newroot", "modules")) cpio.directory(dir);
      cpio.file("bin/busybox", 0755, busybox());
      cpio.file("init", 0755, ImageRecipe.source("init"));
      cpio.file("hearth-agent", 0755, Files.readAllBytes(agent));
      List<String> names = new ArrayList<>();
      for (String relative : ordered) {
        String name = Path.of(relative).getFileName().toString();
        cpio.file("modules/" + name, 0644, Files.readAllBytes(moduleDir.resolve(relative)));
        names.add(name);
      }
      cpio.file("modules/order", 0644, (String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ImageException("initramfs: cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static byte[] busybox() throws ImageException, IOException {
    if (!Files.isRegularFile(BUSYBOX)) {
      throw new ImageException("initramfs: " + BUSYBOX + " is missing (install the Debian package busybox-static)");
    }
    byte[] bytes = Files.readAllBytes(BUSYBOX);
    if (KernelExtractor.indexOf(bytes, "/lib64/ld-linux".getBytes(StandardCharsets.US_ASCII)) >= 0) {
      throw new ImageException("initramfs: " + BUSYBOX + " is dynamically linked; install busybox-static instead of busybox");
    }
    return bytes;
  }

  /** The modules' files (relative to the module directory), each after its dependencies. */
  static List<String> loadOrder(Path moduleDir, List<String> modules) throws ImageException {
    Map<String, List<String>> deps = new TreeMap<>();
    Map<String, String> byName = new TreeMap<>();
    Path depFile = moduleDir.resolve("modules.dep");
    try {
      for (String line : Files.readAllLines(depFile)) {
        int colon = line.indexOf(':');
        if (colon < 0) continue;
        String file = line.substring(0, colon);
        String rest = line.substring(colon + 1).strip();
        deps.put(file, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
        byName.put(moduleName(file), file);
      }
    } catch (IOException e) {
      throw new ImageException("initramfs: cannot read " + depFile + " (install linux-image-amd64): " + e.getMessage(), e);
    }
    Set<String> order = new LinkedHashSet<>();
    for (String module : modules) {
      String file = byName.get(module);
      if (file == null) {
        if (builtIn(moduleDir, module)) continue;
        throw new ImageException("initramfs: kernel module " + module + " is not in " + depFile);
      }
      add(file, deps, order);
    }
    return List.copyOf(order);
  }

  private static boolean builtIn(Path moduleDir, String module) {
    try {
      return Files.readAllLines(moduleDir.resolve("modules.builtin")).stream().anyMatch(l -> moduleName(l).equals(module));
    } catch (IOException e) {
      return false;
    }
  }

  private static void add(String file, Map<String, List<String>> deps, Set<String> order) {
    if (order.contains(file)) return;
    // modules.dep lists every transitive dependency, deepest last
    List<String> needed = new ArrayList<>(deps.getOrDefault(file, List.of()));
    java.util.Collections.reverse(needed);
    for (String dep : needed) add(dep, deps, order);
    order.add(file);
  }

  private static String moduleName(String file) {
    String name = Path.of(file).getFileName().toString();
    name = name.replaceAll("\\.ko(\\.xz|\\.zst|\\.gz)?$", "");
    return name.replace('-', '_');
  }
}
