package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code hearth serve} process configured with {@code pool:} (the shaded jar, host provider,
 * SQLite): its heartbeat records its warm pool, {@code hearth fleet} prints it, and its {@code /metrics}
 * carries it labelled {@code host}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetPoolIT {
  @TempDir Path tmp;

  @Test
  void aServeHostWithAPoolShowsItInHearthFleetAndItsMetrics() throws Exception {
    String url = "sqlite:" + tmp.resolve("hearth.db");
    FleetHost host = FleetHost.start(tmp, "pooled", url, "http://127.0.0.1:9", 2, "", """
        pool:
          size: 1
          labels: [ubuntu-latest]
        """);
    try {
      JsonNode pool = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        FleetCommandTest.Result r = FleetCommandTest.fleet("--store", url, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode pools = new ObjectMapper().readTree(r.out()).get("hosts").get(0).get("pools");
        if (pools.isArray() && !pools.isEmpty() && pools.get(0).get("idle").asInt() == 1) {
          pool = pools.get(0);
          break;
        }
        Thread.sleep(200);
      }
      assertThat(pool).as("a heartbeat reporting the warm pool with its VM ready").isNotNull();
      assertThat(pool.get("provider").asText()).isEqualTo("host");
      assertThat(pool.get("pool").asText()).isEqualTo("host");
      assertThat(pool.get("size").asInt()).isEqualTo(1);
      assertThat(FleetCommandTest.fleet("--store", url).out())
          .containsPattern("pooled\\s+alive\\s+\\S+ ago\\s+0/2\\s+0\\s+0\\s+host 1/1 idle")
          .containsPattern("pooled\\s+host\\s+host\\s+1\\s+1\\s+0\\s+0\\s+0");
      assertThat(host.client().get("/metrics").body())
          .contains("hearth_fleet_host_pool_size{host=\"pooled\",pool=\"host\",provider=\"host\"} 1.0")
          .contains("hearth_fleet_host_pool_idle{host=\"pooled\",pool=\"host\",provider=\"host\"} 1.0")
          .contains("hearth_fleet_host_pools{host=\"pooled\"} 1.0");
    } finally {
      host.stop();
    }
  }
}
