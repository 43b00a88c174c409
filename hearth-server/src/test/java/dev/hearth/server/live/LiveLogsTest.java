package dev.hearth.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveLogsTest {
  static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  static RunEvent line(String text) {
    return new RunEvent.LogLine("7", "build", "1", "stdout", text, AT);
  }

  @Test
  void aLateSubscriberGetsEveryLineSoFarThenTheNewOnesThenTheEnd() {
    LiveLogs live = new LiveLogs();
    RunListener listener = live.forRun(7);
    listener.on(line("one"));
    listener.on(line("two"));
    List<String> got = new ArrayList<>();
    List<String> ends = new ArrayList<>();
    assertThat(live.subscribe(7, LiveLogs.to(l -> got.add(l.number() + ":" + l.text()), ends::add))).isTrue();
    listener.on(line("three"));
    listener.on(new RunEvent.RunFinished("7", "ci.yml", Conclusion.SUCCESS, Duration.ofSeconds(1), AT));
    assertThat(got).containsExactly("0:one", "1:two", "2:three");
    assertThat(ends).containsExactly("success");
  }

  @Test
  void aRunNotExecutingHereCannotBeSubscribedTo() {
    LiveLogs live = new LiveLogs();
    RunListener listener = live.forRun(7);
    listener.on(new RunEvent.RunFinished("7", "ci.yml", Conclusion.FAILURE, Duration.ZERO, AT));
    assertThat(live.subscribe(7, LiveLogs.to(l -> { }, c -> { }))).isFalse();
    assertThat(live.subscribe(8, LiveLogs.to(l -> { }, c -> { }))).isFalse();
  }
}
