package dev.hearth.bench;

import dev.hearth.engine.Cancellation;
import dev.hearth.engine.RunRequest;
import dev.hearth.engine.SessionManager;
import dev.hearth.engine.WorkflowExecutor;
import dev.hearth.vm.host.HostVmProvider;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Hearth's resident memory while {@value #SESSIONS} sessions are open at once on the host provider,
 * each run blocked in a step ({@code sleep}). Run in a fresh JVM by {@link BenchMain} (which prints it
 * as {@code MemoryProbe.rss100Sessions}); prints {@code rss_mb=N}. Counts the JVM only: the steps'
 * own processes are the workload, not Hearth.
 */
public final class MemoryProbe {
  static final int SESSIONS = 100;

  private MemoryProbe() {}

  /** {@code MemoryProbe [SESSIONS]}: {@value #SESSIONS} sessions unless told otherwise (0: Hearth idle). */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : SESSIONS;
    Path root = Files.createTempDirectory("hearth-memory-probe");
    try (HostVmProvider host = HostVmProvider.create(root)) {
      SessionManager sessions = new SessionManager(host, Math.max(1, count), Clock.systemUTC());
      WorkflowExecutor executor = new WorkflowExecutor(sessions);
      String yaml = "on: push\njobs:\n  wait:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo started\n"
          + "      - run: sleep 600\n";
      RunPlan plan = Planner.plan(new WorkflowParser().parse("ci.yml", yaml.getBytes(StandardCharsets.UTF_8)).orThrow(),
          Event.named("push"));
      List<Cancellation> cancels = new ArrayList<>();
      List<CompletableFuture<?>> runs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Cancellation c = new Cancellation();
        cancels.add(c);
        runs.add(executor.submit(RunRequest.builder("mem-" + i, plan).cancellation(c).build()));
      }
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (sessions.openSessions() < count && System.nanoTime() < deadline) Thread.sleep(50);
      if (count > 0) Thread.sleep(3000); // let every run reach its sleeping step
      System.gc();
      Thread.sleep(500);
      System.out.println("open_sessions=" + sessions.openSessions());
      System.out.println("rss_mb=" + rssMb());
      cancels.forEach(c -> c.cancel(Cancellation.Reason.CANCELLED, "memory probe done"));
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
    }
  }

  static long rssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
    }
    return -1;
  }
}
