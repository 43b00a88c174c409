package dev.hearth.workflow.expr;

import dev.hearth.workflow.expr.Expr.Call;
import java.util.List;

/**
 * GitHub's {@code format(string, arg0, arg1, …)}: {@code {N}} is replaced by argument N as a
 * string, {@code {{} and {@code }}} stand for single braces; a lone brace or a reference past the
 * supplied arguments is an error. Text after the digits inside braces is ignored, as in GitHub.
 */
final class Format {
  private Format() {}

  static String format(List<Value> args, Call at) throws ExpressionException {
    String fs = Coercion.toStr(args.get(0));
    StringBuilder out = new StringBuilder(fs.length() + 16);
    int index = 0;
    while (index < fs.length()) {
      int lbrace = fs.indexOf('{', index);
      int rbrace = fs.indexOf('}', index);
      if (lbrace >= 0 && (rbrace < 0 || rbrace > lbrace)) {
        if (charAt(fs, lbrace + 1) == '{') {
          out.append(fs, index, lbrace + 1);
          index = lbrace + 2;
          continue;
        }
        long arg = rbrace > lbrace + 1 ? argIndex(fs, lbrace + 1) : -1;
        if (arg < 0) {
          throw invalid(fs, at);
        }
        if (arg + 1 > args.size() - 1) {
          throw Evaluator.error("The following format string references more arguments than "
              + "were supplied: " + fs, at);
        }
        out.append(fs, index, lbrace).append(Coercion.toStr(args.get(1 + (int) arg)));
        index = rbrace + 1;
      } else if (rbrace >= 0) {
        if (charAt(fs, rbrace + 1) != '}') {
          throw invalid(fs, at);
        }
        out.append(fs, index, rbrace + 1);
        index = rbrace + 2;
      } else {
        out.append(fs, index, fs.length());
        break;
      }
    }
    return out.toString();
  }

  /** The decimal number starting at {@code start}, or -1 when there is no digit there. */
  private static long argIndex(String s, int start) {
    long n = 0;
    int i = start;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      n = Math.min(Integer.MAX_VALUE, n * 10 + (s.charAt(i) - '0'));
      i++;
    }
    return i == start ? -1 : n;
  }

  private static char charAt(String s, int i) {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private static ExpressionException invalid(String fs, Call at) {
    return Evaluator.error("The following format string is invalid: " + fs, at);
  }
}
