package dev.hearth.workflow.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Number conversions exactly as GitHub's expression language does them, which follow
 * JavaScript: {@code Number(string)} for parsing and {@code Number.prototype.toString} for
 * printing, plus GitHub's rule of printing at most 15 fractional digits.
 */
final class JsNumbers {
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:Infinity|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");

  private JsNumbers() {}

  /**
   * JavaScript's {@code Number(text)}: surrounding white space ignored, empty means 0, decimal
   * with optional sign and exponent, {@code Infinity}, and unsigned {@code 0x}, {@code 0o},
   * {@code 0b} integers; anything else is NaN.
   */
  static double parse(String text) {
    String s = trim(text);
    if (s.isEmpty()) {
      return 0;
    }
    if (s.length() > 2 && s.charAt(0) == '0') {
      int radix = switch (s.charAt(1)) {
        case 'x', 'X' -> 16;
        case 'o', 'O' -> 8;
        case 'b', 'B' -> 2;
        default -> 0;
      };
      if (radix != 0) {
        return parseRadix(s.substring(2), radix);
      }
    }
    if (!DECIMAL.matcher(s).matches()) {
      return Double.NaN;
    }
    if (s.endsWith("Infinity")) {
      return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(s);
  }

  private static double parseRadix(String digits, int radix) {
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), radix) < 0 || digits.charAt(i) > 'z') {
        return Double.NaN;
      }
    }
    return new BigInteger(digits, radix).doubleValue();
  }

  /** Removes JavaScript white space and line terminators from both ends. */
  static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /** JavaScript's WhiteSpace and LineTerminator characters (what {@code \s} matches). */
  static boolean isWhitespace(char c) {
    return switch (c) {
      case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u00A0', '\u1680', '\u2028', '\u2029',
          '\u202F', '\u205F', '\u3000', '\uFEFF' -> true;
      default -> c >= '\u2000' && c <= '\u200A';
    };
  }

  /**
   * A number as GitHub converts it to a string: at most 15 fractional digits (rounded half away
   * from zero), then JavaScript's shortest form; 0 and -0 print as {@code 0}.
   */
  static String toExpressionString(double d) {
    if (d == 0) {
      return "0";
    }
    if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) >= 1e21) {
      return toJsString(d);
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    BigDecimal fixed = new BigDecimal(d).setScale(15, RoundingMode.HALF_UP);
    return toJsString(fixed.doubleValue());
  }

  /** JavaScript's {@code Number.prototype.toString()} (radix 10). */
  static String toJsString(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (d == 0) {
      return "0";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d < 0) {
      return "-" + toJsString(-d);
    }
    if (d == Math.rint(d) && d < 1e15) {
      return Long.toString((long) d);
    }
    BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale();
    if (k == 2) {
      String one = oneDigit(d, digits, n);
      if (one != null) {
        return layout(one, 1, n);
      }
    }
    return layout(digits, k, n);
  }

  /**
   * Java prints at least two significant digits where JavaScript prints one when one suffices
   * (e.g. 5e-324, which Java prints as 4.9E-324); returns that single digit, or null.
   */
  private static String oneDigit(double d, String digits, int n) {
    int two = Integer.parseInt(digits);
    int down = two / 10;
    int up = down + 1;
    boolean downOk = down > 0 && Double.parseDouble(down + "e" + (n - 1)) == d;
    boolean upOk = up < 10 && Double.parseDouble(up + "e" + (n - 1)) == d;
    if (downOk && upOk) {
      return two - down * 10 <= up * 10 - two ? String.valueOf(down) : String.valueOf(up);
    }
    return downOk ? String.valueOf(down) : upOk ? String.valueOf(up) : null;
  }

  /** Lays out {@code 0.digits × 10^n} as ECMAScript's Number::toString does. */
  private static String layout(String digits, int k, int n) {
    if (k <= n && n <= 21) {
      return digits + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return digits.substring(0, n) + "." + digits.substring(n);
    }
    if (-6 < n && n <= 0) {
      return "0." + "0".repeat(-n) + digits;
    }
    int e = n - 1;
    String exp = "e" + (e < 0 ? "-" : "+") + Math.abs(e);
    return k == 1 ? digits + exp : digits.charAt(0) + "." + digits.substring(1) + exp;
  }
}
