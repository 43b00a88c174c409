package dev.hearth.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The pool state a heartbeat stores in {@code hosts.pool}: its JSON, and what a reader does with odd text. */
class HostPoolsTest {
  @Test
  void poolsSurviveTheStoredForm() {
    HostPools pools = HostPools.of(List.of(new HostPools.Pool("sandbox", "sandbox", 2, 1, 1, 0, 3, 1),
        new HostPools.Pool("microvm", "big", 1, 0, 0, 1, 0, 0)));
    assertThat(pools.toJson()).startsWith("{\"v\":1,\"pools\":[{\"provider\":\"sandbox\",\"pool\":\"sandbox\",\"size\":2,");
    assertThat(HostPools.parse(pools.toJson())).isEqualTo(pools);
  }

  @Test
  void aHostWithoutPoolsIsEmptyAndNotUnreadable() {
    HostPools none = HostPools.parse(HostPools.none().toJson());
    assertThat(none.isEmpty()).isTrue();
    assertThat(none.unreadable()).isNull();
    assertThat(HostPools.parse(null)).as("never reported").isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"v\":2,\"pools\":[]}|format version 2 (this Hearth reads version 1)",
      "2 idle of 3|not JSON",
      "[1]|expected a JSON object with \"v\" and \"pools\"",
      "{\"pools\":[]}|expected \"v\", the format's version, as a number",
      "{\"v\":1,\"pools\":{}}|expected \"pools\" as a list",
      "{\"v\":1,\"pools\":[{\"pool\":\"x\"}]}|pools[0]: expected \"provider\" and \"pool\" as strings"})
  void unreadableTextSaysWhyInsteadOfFailing(String stored, String why) {
    HostPools read = HostPools.parse(stored);
    assertThat(read.unreadable()).startsWith(why);
    assertThat(read.pools()).isEmpty();
    assertThat(read.isEmpty()).isFalse();
  }
}
