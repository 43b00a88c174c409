package dev.hearth.engine.quota;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hearth's naming convention for {@code runs-on} labels that ask for a quota: {@code hearth-} and then
 * parts separated by {@code -}, in any order, each at most once:
 *
 * <ul>
 *   <li>{@code 4cpu} — vCPUs;
 *   <li>{@code 8gb}, {@code 512mb} — memory;
 *   <li>{@code 20gbdisk}, {@code 500mbdisk} — disk;
 *   <li>{@code 30min}, {@code 2h} — wall time;
 *   <li>{@code offline} — network {@code none}.
 * </ul>
 *
 * <p>Example: {@code hearth-4cpu-8gb}, {@code hearth-2cpu-4gb-20gbdisk-30min-offline}. A label is taken
 * for a quota label when it starts with {@code hearth-} followed by a digit or {@code offline};
 * then every part must parse, or the label is refused (a typo must not silently give the defaults).
 * Other labels ({@code ubuntu-latest}, {@code hearth-gpu}) are not quota labels.
 */
public final class QuotaLabels {
  static final String PREFIX = "hearth-";
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(cpu|gb|mb|gbdisk|mbdisk|min|h)");

  private QuotaLabels() {}

  /** Whether {@code label} claims the convention (and so must parse). */
  public static boolean claims(String label) {
    if (!label.startsWith(PREFIX) || label.length() == PREFIX.length()) return false;
    String first = label.substring(PREFIX.length());
    return Character.isDigit(first.charAt(0)) || first.equals("offline") || first.startsWith("offline-");
  }

  /**
   * The quota {@code label} asks for; empty when the label does not claim the convention.
   *
   * @throws QuotaException naming the label and the part that does not parse
   */
  public static Optional<Quota> parse(String label) throws QuotaException {
    if (!claims(label)) return Optional.empty();
    Quota q = Quota.NONE;
    for (String part : label.substring(PREFIX.length()).split("-", -1)) {
      q = add(label, q, part.toLowerCase(Locale.ROOT));
    }
    return Optional.of(q);
  }

  private static Quota add(String label, Quota q, String part) throws QuotaException {
    if (part.equals("offline")) return set(label, q, QuotaField.NETWORK, 0, part);
    Matcher m = PART.matcher(part);
    if (!m.matches()) {
      throw new QuotaException("runs-on label '" + label + "': '" + part + "' is not a quota part (expected Ncpu, Ngb or Nmb "
          + "memory, NgbDisk or NmbDisk disk, Nmin or Nh wall time, or offline; e.g. hearth-4cpu-8gb)");
    }
    long n = Long.parseLong(m.group(1));
    if (n == 0) throw new QuotaException("runs-on label '" + label + "': '" + part + "' must be more than 0");
    return switch (m.group(2)) {
      case "cpu" -> {
        if (n > QuotaValues.MAX_VCPUS) {
          throw new QuotaException("runs-on label '" + label + "': '" + part + "' asks for more than " + QuotaValues.MAX_VCPUS + " vCPUs");
        }
        yield set(label, q, QuotaField.VCPUS, n, part);
      }
      case "gb" -> set(label, q, QuotaField.MEMORY, n * 1024, part);
      case "mb" -> set(label, q, QuotaField.MEMORY, n, part);
      case "gbdisk" -> set(label, q, QuotaField.DISK, n * 1024, part);
      case "mbdisk" -> set(label, q, QuotaField.DISK, n, part);
      case "min" -> set(label, q, QuotaField.WALL_TIME, Duration.ofMinutes(n).toSeconds(), part);
      default -> set(label, q, QuotaField.WALL_TIME, Duration.ofHours(n).toSeconds(), part);
    };
  }

  private static Quota set(String label, Quota q, QuotaField field, long value, String part) throws QuotaException {
    if (field.isSet(q)) {
      throw new QuotaException("runs-on label '" + label + "': '" + part + "' sets " + field.noun() + " a second time");
    }
    return field.with(q, value);
  }
}
