package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.server.store.HostPools;
import dev.hearth.server.store.PlannedRun;
import dev.hearth.server.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth fleet} over a real SQLite store that two hosts used. */
class FleetCommandTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result fleet(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "fleet";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), all);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void showsEachHostsStateSessionsAndLeases() {
    String url = "sqlite:" + dir.resolve("hearth.db");
    Instant now = Instant.now();
    try (Store store = Store.open(url)) {
      store.fleet().register("runner-a", 4, Duration.ofSeconds(15), now);
      store.fleet().register("runner-b", 2, Duration.ofSeconds(15), now.minusSeconds(120));
      store.fleet().heartbeat("runner-b", 1, null, now.minusSeconds(100));
      store.accept("d1", "push", null, "octo/hello", "{}", "runner-a", now);
      store.plan("d1", "push", "octo/hello", "abc", "/nowhere", false, List.of(new PlannedRun("ci.yml", "ci"),
          new PlannedRun("lint.yml", "lint")), null, now);
      store.fleet().claim("runner-a", 1, now.plusSeconds(15), 0, now);
      store.fleet().heartbeat("runner-a", 1, HostPools.of(List.of(new HostPools.Pool("sandbox", "sandbox", 2, 1, 1, 0, 3, 1),
          new HostPools.Pool("microvm", "big", 1, 0, 0, 1, 0, 0))), now);
    }
    Result r = fleet("--store", url);
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).containsPattern("HOST\\s+STATE\\s+HEARTBEAT\\s+SESSIONS\\s+PEAK\\s+LEASES\\s+POOL")
        .containsPattern("runner-a\\s+alive\\s+\\d+\\.\\ds ago\\s+1/4\\s+1\\s+1\\s+sandbox 1/2 idle \\(failing\\), big 0/1 idle")
        .containsPattern("runner-b\\s+lost \\(no heartbeat for 1m\\d+s\\)\\s+1m\\d+s ago\\s+1/2\\s+1\\s+0\\s+-")
        .contains("1 of 2 host(s) alive, 1 run(s) queued")
        .containsPattern("HOST\\s+POOL\\s+PROVIDER\\s+SIZE\\s+IDLE\\s+IN USE\\s+REFILLING\\s+REFILL FAILURES")
        .containsPattern("runner-a\\s+sandbox\\s+sandbox\\s+2\\s+1\\s+1\\s+0\\s+3 \\(1 since last heartbeat\\)")
        .containsPattern("runner-a\\s+big\\s+microvm\\s+1\\s+0\\s+0\\s+1\\s+0\\n");
  }

  @Test
  void aHostWithoutAPoolSaysSoAndPrintsNoPoolTable() {
    String url = "sqlite:" + dir.resolve("hearth.db");
    Instant now = Instant.now();
    try (Store store = Store.open(url)) {
      store.fleet().register("runner-a", 4, Duration.ofSeconds(15), now);
      store.fleet().heartbeat("runner-a", 0, HostPools.none(), now);
    }
    Result r = fleet("--store", url);
    assertThat(r.code()).isZero();
    assertThat(r.out()).containsPattern("runner-a\\s+alive\\s+\\S+ ago\\s+0/4\\s+0\\s+0\\s+none\\s").doesNotContain("PROVIDER");
  }

  @Test
  void jsonCarriesEveryHostWithItsPools() throws Exception {
    String url = "sqlite:" + dir.resolve("hearth.db");
    Instant now = Instant.now();
    try (Store store = Store.open(url)) {
      store.fleet().register("runner-a", 4, Duration.ofSeconds(15), now);
      store.fleet().heartbeat("runner-a", 1, HostPools.of(List.of(new HostPools.Pool("sandbox", "sandbox", 2, 1, 1, 0, 3, 1))),
          now);
      store.fleet().register("runner-b", 2, Duration.ofSeconds(15), now);
      store.fleet().heartbeat("runner-b", 0, HostPools.none(), now);
      store.fleet().register("runner-c", 2, Duration.ofSeconds(15), now);
    }
    Result r = fleet("--store", url, "--json");
    assertThat(r.code()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("queued").asInt()).isZero();
    assertThat(root.get("hosts")).hasSize(3);
    JsonNode a = root.get("hosts").get(0);
    assertThat(a.get("host").asText()).isEqualTo("runner-a");
    assertThat(a.get("state").asText()).isEqualTo("alive");
    assertThat(a.get("sessionsActive").asInt()).isEqualTo(1);
    assertThat(a.get("pools")).hasSize(1);
    assertThat(a.get("pools").get(0).get("pool").asText()).isEqualTo("sandbox");
    assertThat(a.get("pools").get(0).get("idle").asInt()).isEqualTo(1);
    assertThat(a.get("pools").get(0).get("inUse").asInt()).isEqualTo(1);
    assertThat(a.get("pools").get(0).get("refillFailures").asInt()).isEqualTo(3);
    assertThat(root.get("hosts").get(1).get("pools").isArray()).as("runner-b has no pool").isTrue();
    assertThat(root.get("hosts").get(1).get("pools")).isEmpty();
    assertThat(root.get("hosts").get(2).get("pools").isNull()).as("runner-c never reported").isTrue();
  }

  @Test
  void aStoreThatCannotBeOpenedIsNamedWithoutItsPassword() {
    Result r = fleet("--store", "mysql://root:hunter2@db/hearth");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("hearth fleet: store ").contains("expected sqlite:").doesNotContain("hunter2");
  }
}
