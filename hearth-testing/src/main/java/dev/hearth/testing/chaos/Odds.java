package dev.hearth.testing.chaos;

/**
 * How likely each {@link Fault} is for one operation; each in [0, 1], their sum at most 1.
 *
 * @param fail probability of {@link Fault#FAIL}
 * @param hang probability of {@link Fault#HANG}
 * @param lose probability of {@link Fault#LOSE}
 */
public record Odds(double fail, double hang, double lose) {
  public static final Odds NONE = new Odds(0, 0, 0);

  public Odds {
    check("fail", fail);
    check("hang", hang);
    check("lose", lose);
    if (fail + hang + lose > 1.0 + 1e-9) {
      throw new IllegalArgumentException("fail + hang + lose must be at most 1, was " + (fail + hang + lose));
    }
  }

  private static void check(String name, double p) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(name + " must be a probability in [0, 1], was " + p);
  }

  /** The fault a uniformly drawn {@code roll} in [0, 1) selects, or null for none. */
  Fault pick(double roll) {
    if (roll < fail) return Fault.FAIL;
    if (roll < fail + hang) return Fault.HANG;
    if (roll < fail + hang + lose) return Fault.LOSE;
    return null;
  }
}
