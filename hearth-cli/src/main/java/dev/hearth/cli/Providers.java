package dev.hearth.cli;

import dev.hearth.vm.VmProvider;
import dev.hearth.vm.host.HostVmProvider;
import dev.hearth.vm.microvm.MicrovmVmProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place where VM providers are wired: each registered by name in a map, no classpath
 * scanning, no reflection. {@code auto} picks the strongest provider that works on this host and
 * says which and why.
 */
final class Providers {
  /** An opened provider and the one line that says why it was chosen. */
  record Choice(VmProvider provider, String why) {}

  /** Every provider by name, strongest isolation last. */
  private static final Map<String, Supplier<VmProvider>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("host", HostVmProvider::create);
    BY_NAME.put("microvm", MicrovmVmProvider::createUnchecked);
  }

  private Providers() {}

  /** The names a user may give {@code --provider}: {@code auto} and every registered provider. */
  static List<String> names() {
    List<String> names = new ArrayList<>();
    names.add("auto");
    names.addAll(BY_NAME.keySet());
    return names;
  }

  static boolean isKnown(String name) {
    return names().contains(name);
  }

  /** Opens the provider {@code name}; the caller closes it. */
  static Choice open(String name) {
    if (!isKnown(name)) {
      throw new IllegalArgumentException("unknown provider '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    if (name.equals("auto")) {
      return new Choice(BY_NAME.get("host").get(), "provider auto → host: the only provider in this build"
          + " (sandbox and microvm are not built yet); steps run as plain processes in a per-run workspace, not isolated");
    }
    return new Choice(BY_NAME.get(name).get(), "provider " + name);
  }
}
