package dev.hearth.cli;

import dev.hearth.server.config.StoreUrls;
import dev.hearth.server.store.HostRecord;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hearth fleet}: the hosts sharing a store, read from the store itself. */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the 'hearth serve' hosts sharing a store: whether each is alive, the age of its heartbeat, its sessions "
          + "(open now, most at once, max), the runs it holds a lease on, and its warm pools (size, idle, in use, "
          + "refilling, refill failures) as its last heartbeat reported them.",
      "Exit status: 0, 2 when the store cannot be opened."
    })
final class FleetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--store", paramLabel = "URL", description = "The store (default: $HEARTH_STORE, else "
      + "sqlite:~/.hearth/hearth.db). A password in a URL here shows in 'ps': prefer HEARTH_STORE.")
  String store;

  @Option(names = "--json", description = "One JSON object: the hosts (with their pools) and the queued runs.")
  boolean json;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String url = store != null ? store : System.getenv("HEARTH_STORE");
    if (url == null || url.isBlank()) url = "sqlite:" + Path.of(System.getProperty("user.home"), ".hearth", "hearth.db");
    if (url.equals("sqlite")) url = "sqlite:" + Path.of(System.getProperty("user.home"), ".hearth", "hearth.db");
    List<HostRecord> hosts;
    int queued;
    try (Store s = Store.open(url)) {
      hosts = s.fleet().hosts();
      queued = s.queuedCount();
    } catch (StoreException e) {
      err.println("hearth fleet: " + e.getMessage());
      return 2;
    }
    Instant now = clock.instant();
    if (json) {
      out.println(FleetView.json(hosts, queued, now));
      return 0;
    }
    if (hosts.isEmpty()) {
      out.println("no hosts have used the store " + StoreUrls.redacted(url));
      return 0;
    }
    FleetView.print(out, hosts, queued, now);
    return 0;
  }

  static String state(HostRecord h, Instant now) {
    if (h.stoppedAt() != null) return "stopped";
    return h.aliveAt(now) ? "alive" : "lost (no heartbeat for " + age(Duration.between(h.heartbeatAt(), now)) + ")";
  }

  static String age(Duration d) {
    if (d.isNegative()) d = Duration.ZERO;
    if (d.toSeconds() < 60) return String.format("%.1fs", d.toMillis() / 1000.0);
    if (d.toMinutes() < 60) return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    return d.toHours() + "h" + d.toMinutesPart() + "m";
  }
}
