package dev.hearth.cli;

import dev.hearth.vm.probe.HostSupport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hearth providers}: every registered VM provider, whether it works here, what it enforces, and why. */
@Command(
    name = "providers",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the VM providers, strongest isolation first: whether each works on this host, what it",
      "enforces here (files, processes, network, cpu, memory, pids), why not when it does not, and",
      "which one --provider auto picks; then which run quotas (vcpus, memory, disk, wall time,",
      "network policy) each provider enforces here. Exit status: 0."
    })
final class ProvidersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Table table = new Table("PROVIDER", "WORKS", "ENFORCES", "WHY");
    var entries = Providers.entries().stream().sorted(Comparator.comparingInt(Providers.Entry::strength).reversed()).toList();
    for (Providers.Entry entry : entries) {
      HostSupport support = entry.probe().get();
      table.row(entry.name(), support.works() ? "yes" : "no",
          support.works() ? Providers.enforcement(support).replaceFirst("^enforces ", "") : "-", support.why());
    }
    table.print(out);
    for (Providers.Entry entry : entries) {
      for (String note : entry.probe().get().notes()) out.println("note: " + entry.name() + ": " + note);
    }
    out.println();
    Table quotas = new Table("QUOTA", "VCPUS", "MEMORY", "DISK", "WALL-TIME", "NETWORK");
    for (Providers.Entry entry : entries) {
      List<String> row = new ArrayList<>(List.of(entry.name()));
      row.addAll(Providers.quotaLimits(entry.probe().get()));
      quotas.row(row.toArray(String[]::new));
    }
    quotas.print(out);
    Providers.QUOTA_NOTES.forEach(note -> out.println("note: quotas: " + note));
    out.println("auto: " + Providers.auto().name());
    out.flush();
    return 0;
  }
}
