package dev.hearth.vm.placement;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a {@link PlacedProvider} picks among the members that serve a spec's labels (configuration key
 * {@code placement}). Trade-offs in {@code docs/placement.md}.
 */
public enum Placement {
  /**
   * Each allocation goes to the next member in turn. Spreads the number of allocations evenly and
   * costs nothing to decide, but ignores how long runs last: long runs can pile up on one member.
   */
  ROUND_ROBIN("round-robin"),
  /**
   * The member with the fewest live VMs placed by this provider; ties go to the member listed first.
   * Balances what runs right now, whatever the run lengths; it only counts VMs this Hearth process
   * placed, and while all members are idle it keeps choosing the first one.
   */
  LEAST_LOADED("least-loaded"),
  /**
   * The member whose last allocation is the oldest (never used counts as oldest); ties go to the
   * member listed first. Gives every member the longest rest between allocations — with warm pools,
   * the most time to refill — but, like round-robin, ignores what is still running.
   */
  LRU("lru");

  private final String configName;

  Placement(String configName) {
    this.configName = configName;
  }

  /** The name in configuration: {@code round-robin}, {@code least-loaded} or {@code lru}. */
  public String configName() {
    return configName;
  }

  /**
   * The strategy named {@code value} in configuration.
   *
   * @throws IllegalArgumentException naming the key, the value and the names allowed
   */
  public static Placement parse(String value) {
    for (Placement p : values()) {
      if (p.configName.equals(value == null ? null : value.strip().toLowerCase(Locale.ROOT))) return p;
    }
    throw new IllegalArgumentException("placement: expected one of "
        + Arrays.stream(values()).map(Placement::configName).collect(Collectors.joining(", ")) + ", got '" + value + "'");
  }
}
