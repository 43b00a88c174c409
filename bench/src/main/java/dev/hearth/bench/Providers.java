package dev.hearth.bench;

import dev.hearth.vm.gvisor.GvisorProbe;
import dev.hearth.vm.microvm.MicrovmVmProvider;
import dev.hearth.vm.probe.HostSupport;
import dev.hearth.vm.sandbox.SandboxVmProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Which VM providers the benchmarks can use on this host, asked of each provider's own probe. */
final class Providers {
  static final List<String> ALL = List.of("host", "sandbox", "gvisor", "microvm");

  private Providers() {}

  /** Why each provider that cannot run here cannot, by name; the host provider always runs. */
  static Map<String, String> cannotRun() {
    Map<String, String> why = new LinkedHashMap<>();
    check("sandbox", SandboxVmProvider::probe, why);
    check("gvisor", GvisorProbe::support, why);
    check("microvm", MicrovmVmProvider.PROBE, why);
    return why;
  }

  private static void check(String name, Supplier<HostSupport> probe, Map<String, String> why) {
    try {
      HostSupport support = probe.get();
      if (!support.works()) why.put(name, support.why());
    } catch (RuntimeException e) {
      why.put(name, "its probe failed: " + e.getMessage());
    }
  }
}
