package dev.hearth.workflow.event;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;

/**
 * A POSIX cron expression as {@code on.schedule} takes it: five fields (minute 0-59, hour 0-23,
 * day of month 1-31, month 1-12 or JAN-DEC, day of week 0-6 or SUN-SAT), each a comma list of
 * {@code *}, values, ranges {@code a-b} and steps {@code /n}. GitHub does not take the
 * {@code @daily}-style shorthands, and neither does this.
 */
public final class CronExpression {
  private enum Field {
    MINUTE("minute", 0, 59, List.of()),
    HOUR("hour", 0, 23, List.of()),
    DAY_OF_MONTH("day of month", 1, 31, List.of()),
    MONTH("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
        "OCT", "NOV", "DEC")),
    DAY_OF_WEEK("day of week", 0, 6, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    final String label;
    final int min;
    final int max;
    final List<String> names;

    Field(String label, int min, int max, List<String> names) {
      this.label = label;
      this.min = min;
      this.max = max;
      this.names = names;
    }

    String expected() {
      return names.isEmpty() ? min + "-" + max
          : min + "-" + max + " or " + names.get(0) + "-" + names.get(names.size() - 1);
    }
  }

  private final String source;
  private final long[] masks = new long[5];
  private final boolean[] wildcard = new boolean[5];

  private CronExpression(String source) {
    this.source = source;
  }

  /**
   * Parses {@code source}.
   *
   * @throws IllegalArgumentException whose message names the field and what it expects
   */
  public static CronExpression parse(String source) {
    String trimmed = source.trim();
    if (trimmed.startsWith("@")) {
      throw new IllegalArgumentException("GitHub Actions does not support '" + trimmed
          + "'; write five fields, e.g. '0 0 * * *' for daily at midnight UTC");
    }
    String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    if (parts.length != 5) {
      throw new IllegalArgumentException("expected 5 fields (minute hour day-of-month month "
          + "day-of-week), got " + parts.length);
    }
    CronExpression c = new CronExpression(source);
    Field[] fields = Field.values();
    for (int i = 0; i < 5; i++) {
      c.wildcard[i] = parts[i].equals("*");
      c.masks[i] = field(fields[i], parts[i]);
    }
    return c;
  }

  public String source() {
    return source;
  }

  /**
   * Whether the schedule fires in the minute of {@code time}. As in POSIX cron, when both day of
   * month and day of week are restricted, a day matching either fires.
   */
  public boolean matches(LocalDateTime time) {
    boolean dom = has(2, time.getDayOfMonth());
    boolean dow = has(4, time.getDayOfWeek().getValue() % 7);
    boolean day = wildcard[2] || wildcard[4] ? dom && dow : dom || dow;
    return has(0, time.getMinute()) && has(1, time.getHour()) && has(3, time.getMonthValue()) && day;
  }

  private boolean has(int field, int value) {
    return (masks[field] & (1L << value)) != 0;
  }

  private static long field(Field f, String text) {
    long mask = 0;
    for (String item : text.split(",", -1)) {
      if (item.isEmpty()) throw problem(f, text, "has an empty item in its list");
      mask |= item(f, item);
    }
    return mask;
  }

  private static long item(Field f, String item) {
    int slash = item.indexOf('/');
    String range = slash < 0 ? item : item.substring(0, slash);
    int step = 1;
    if (slash >= 0) {
      String s = item.substring(slash + 1);
      if (!s.matches("\\d{1,4}") || Integer.parseInt(s) == 0) {
        throw problem(f, item, "has step '" + s + "'; expected a whole number of at least 1");
      }
      step = Integer.parseInt(s);
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = f.min;
      to = f.max;
    } else {
      int dash = range.indexOf('-');
      from = value(f, dash < 0 ? range : range.substring(0, dash));
      to = dash < 0 ? (slash >= 0 ? f.max : from) : value(f, range.substring(dash + 1));
      if (from > to) throw problem(f, item, "is a range that runs backwards");
    }
    long mask = 0;
    for (int v = from; v <= to; v += step) mask |= 1L << v;
    return mask;
  }

  private static int value(Field f, String text) {
    int named = f.names.indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) return named + f.min;
    if (!text.matches("\\d{1,4}")) {
      throw problem(f, text, "is not a value; expected " + f.expected());
    }
    int v = Integer.parseInt(text);
    if (v < f.min || v > f.max) throw problem(f, text, "is out of range; expected " + f.expected());
    return v;
  }

  private static IllegalArgumentException problem(Field f, String text, String what) {
    return new IllegalArgumentException(f.label + " '" + text + "' " + what);
  }

  /** Two patterns are equal when written the same way. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CronExpression other && other.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
