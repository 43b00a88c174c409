package dev.hearth.workflow.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionTest {

  @ParameterizedTest
  @ValueSource(strings = {"* * * * *", "15 4,5 * * *", "*/15 * * * *", "0 0 1 JAN,jul *",
      "30 5 * * 1,3", "0 9-17/2 * * MON-FRI", "5/10 * * * *", "0 0 31 12 6", "  0  12 * * SUN  "})
  void acceptsGitHubCronSyntax(String cron) {
    assertThat(CronExpression.parse(cron).source()).isEqualTo(cron);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      60 * * * *      | minute '60' is out of range; expected 0-59
      * 24 * * *      | hour '24' is out of range; expected 0-23
      * * 0 * *       | day of month '0' is out of range; expected 1-31
      * * * 13 *      | month '13' is out of range; expected 1-12 or JAN-DEC
      * * * * 7       | day of week '7' is out of range; expected 0-6 or SUN-SAT
      * * * FOO *     | month 'FOO' is not a value; expected 1-12 or JAN-DEC
      * * * * MON-XYZ | day of week 'XYZ' is not a value; expected 0-6 or SUN-SAT
      */0 * * * *     | minute '*/0' has step '0'; expected a whole number of at least 1
      */x * * * *     | minute '*/x' has step 'x'; expected a whole number of at least 1
      * 5-1 * * *     | hour '5-1' is a range that runs backwards
      1,,2 * * * *    | minute '1,,2' has an empty item in its list
      ? * * * *       | minute '?' is not a value; expected 0-59
      * * * * * *     | expected 5 fields (minute hour day-of-month month day-of-week), got 6
      @hourly         | GitHub Actions does not support '@hourly'; write five fields, e.g. '0 0 * * *' for daily at midnight UTC
      """)
  void rejectsWithTheFieldAndWhatItExpects(String cron, String message) {
    assertThatThrownBy(() -> CronExpression.parse(cron)).hasMessage(message);
  }

  @Test
  void matchesTheMinutesItNames() {
    CronExpression c = CronExpression.parse("15 4,5 * * *");
    assertThat(c.matches(LocalDateTime.of(2026, 12, 4, 4, 15))).isTrue();
    assertThat(c.matches(LocalDateTime.of(2026, 12, 4, 5, 15))).isTrue();
    assertThat(c.matches(LocalDateTime.of(2026, 12, 4, 6, 15))).isFalse();
    assertThat(c.matches(LocalDateTime.of(2026, 12, 4, 4, 16))).isFalse();
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekMatchEither() {
    CronExpression c = CronExpression.parse("0 0 1 * MON");
    assertThat(c.matches(LocalDateTime.of(2026, 12, 1, 0, 0))).isTrue(); // a Tuesday, the 1st
    assertThat(c.matches(LocalDateTime.of(2026, 12, 7, 0, 0))).isTrue(); // a Monday
    assertThat(c.matches(LocalDateTime.of(2026, 12, 8, 0, 0))).isFalse();
  }

  @Test
  void sundayIsZeroAndStepsStartFromTheRangeStart() {
    assertThat(CronExpression.parse("0 0 * * SUN").matches(LocalDateTime.of(2026, 12, 6, 0, 0))).isTrue();
    CronExpression c = CronExpression.parse("5/20 * * * *");
    assertThat(c.matches(LocalDateTime.of(2026, 12, 6, 3, 45))).isTrue();
    assertThat(c.matches(LocalDateTime.of(2026, 12, 6, 3, 40))).isFalse();
  }
}
