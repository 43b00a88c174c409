package dev.hearth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  @Test
  void standsStillUntilAdvanced() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(clock.advance(Duration.ofMinutes(6))).isEqualTo(Instant.parse("2026-03-01T10:06:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-03-01T10:06:00Z").toEpochMilli());
  }

  @Test
  void refusesToAdvanceBackwardsButCanBeSet() {
    ManualClock clock = new ManualClock();
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    clock.set(Instant.EPOCH);
    assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void zonedCopiesShareTheTime() {
    ManualClock clock = new ManualClock();
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofHours(1));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(clock.getZone()).isEqualTo(java.time.ZoneOffset.UTC);
  }
}
