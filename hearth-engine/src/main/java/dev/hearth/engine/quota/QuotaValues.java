package dev.hearth.engine.quota;

import dev.hearth.vm.VmSpec.NetworkPolicy;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the values of quota settings, the same way for configuration files, flags and
 * {@code runs-on} labels. Each parser throws {@link IllegalArgumentException} whose message says what
 * was expected; callers prefix where the value came from.
 */
public final class QuotaValues {
  /** At most this many vCPUs: a typo guard, not a policy (use a cap for that). */
  public static final int MAX_VCPUS = 1024;
  private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*(mb|mib|m|gb|gib|g|tb|tib|t)");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,7})\\s*(s|sec|m|min|h)");

  private QuotaValues() {}

  /** A whole number of vCPUs from 1 to {@value #MAX_VCPUS}. */
  public static int vcpus(String text) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= 1 && n <= MAX_VCPUS) return n;
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException("expected a whole number of vCPUs from 1 to " + MAX_VCPUS + ", got '" + text + "'");
  }

  /** A size such as {@code 512mb}, {@code 8gb} or {@code 1tb}, in MiB (at least 1). */
  public static long sizeMb(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      long mb = switch (m.group(2).charAt(0)) {
        case 'g' -> n * 1024;
        case 't' -> n * 1024 * 1024;
        default -> n;
      };
      if (mb >= 1) return mb;
    }
    throw new IllegalArgumentException("expected a size such as 512mb, 8gb or 1tb, got '" + text + "'");
  }

  /** A duration such as {@code 90s}, {@code 30m} or {@code 2h} (at least one second). */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2).charAt(0)) {
        case 'h' -> Duration.ofHours(n);
        case 'm' -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      };
      if (!d.isZero()) return d;
    }
    throw new IllegalArgumentException("expected a duration such as 90s, 30m or 2h, got '" + text + "'");
  }

  /** {@code outbound} or {@code none}. */
  public static NetworkPolicy network(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "outbound" -> NetworkPolicy.OUTBOUND;
      case "none" -> NetworkPolicy.NONE;
      default -> throw new IllegalArgumentException("expected outbound or none, got '" + text + "'");
    };
  }

  /** {@code 8 GiB} when whole gibibytes, else {@code 1536 MiB}. */
  static String showSize(long mb) {
    return mb % 1024 == 0 ? (mb / 1024) + " GiB" : mb + " MiB";
  }

  /** {@code 2h}, {@code 30m} or {@code 90s}. */
  public static String showDuration(Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0) return (s / 3600) + "h";
    if (s % 60 == 0) return (s / 60) + "m";
    return s + "s";
  }
}
