package dev.hearth.engine.step;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every secret value and every {@code ::add-mask::} value with {@code ***} in text a
 * listener will see. One masker lives per run, shared by its jobs: a mask added in one step hides
 * the value in every later line of the run.
 *
 * <p>As GitHub's runner does, any non-empty value is a mask (even one character), occurrences of
 * several masks that overlap or touch are replaced by one {@code ***}, and a multi-line value also
 * masks each of its lines (trimmed), because output reaches the masker line by line. Each value
 * is also masked in the encodings a script commonly prints it in: JSON-string escaped, base64 and
 * URL-encoded, XML-escaped …, as GitHub's runner does.
 *
 * <p>Thread-safe: masks are kept in a copy-on-write array, so {@link #mask} never locks.
 */
public final class Masker {
  public static final String REPLACEMENT = "***";

  private volatile String[] masks = new String[0];

  /** A masker holding {@code values} (each added as by {@link #add}). */
  public static Masker of(Iterable<String> values) {
    Masker m = new Masker();
    values.forEach(m::add);
    return m;
  }

  /** Masks {@code value} from now on; null and empty values are ignored. */
  public void add(String value) {
    if (value == null || value.isEmpty()) return;
    Set<String> fresh = new LinkedHashSet<>();
    fresh.add(value);
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      for (String line : value.split("[\r\n]+")) {
        if (!line.isBlank()) fresh.add(line.strip());
      }
    }
    for (String v : List.copyOf(fresh)) fresh.addAll(encodings(v));
    synchronized (this) {
      Set<String> all = new LinkedHashSet<>(List.of(masks));
      fresh.removeIf(String::isEmpty);
      if (!all.addAll(fresh)) return;
      masks = all.toArray(String[]::new);
    }
  }

  /** The number of distinct strings masked (values, their lines and encodings). */
  public int size() {
    return masks.length;
  }

  /** {@code text} with every occurrence of every mask replaced by {@code ***}. */
  public String mask(String text) {
    if (text == null || text.isEmpty()) return text;
    String[] current = masks;
    boolean[] hidden = null;
    for (String m : current) {
      int at = text.indexOf(m);
      while (at >= 0) {
        if (hidden == null) hidden = new boolean[text.length()];
        for (int i = at; i < at + m.length(); i++) hidden[i] = true;
        at = text.indexOf(m, at + 1);
      }
    }
    return hidden == null ? text : replaceHidden(text, hidden);
  }

  private static String replaceHidden(String text, boolean[] hidden) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (hidden[i]) {
        out.append(REPLACEMENT);
        while (i < text.length() && hidden[i]) i++;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }

  /**
   * How a script may print the value without printing it verbatim, as GitHub's runner encodes
   * masks (its {@code ValueEncoders}): base64 starting at each of the three byte offsets the value
   * can have inside a longer base64 text — both the whole groups (which match in the middle of a
   * longer text) and, as GitHub registers it, the complete encoding with its last partial group and
   * padding (which matches at the end) —, expression-string escaped, command-line escaped, JSON-string
   * escaped, URI-escaped (RFC 3986 as GitHub does, and the form encoding with {@code +} for spaces that
   * {@code curl --data-urlencode} and most libraries print, and RFC 3986 with {@code +} for spaces as
   * Python's {@code quote_plus} and Go's {@code QueryEscape} print), XML-escaped, and without surrounding
   * double quotes.
   */
  private static List<String> encodings(String value) {
    List<String> out = new ArrayList<>(12);
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    Base64.Encoder base64 = Base64.getEncoder();
    for (int shift = 0; shift < 3; shift++) {
      int whole = (bytes.length - shift) / 3 * 3;
      if (whole >= 3) out.add(base64.encodeToString(Arrays.copyOfRange(bytes, shift, shift + whole)));
      if (bytes.length > shift) out.add(base64.encodeToString(Arrays.copyOfRange(bytes, shift, bytes.length)));
    }
    out.add(value.replace("'", "''"));
    out.add(value.replace("\"", "\\\""));
    out.add(jsonEscaped(value));
    out.add(uriEscaped(bytes));
    out.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
    out.add(uriEscaped(bytes).replace("%20", "+"));
    out.add(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;"));
    if (value.length() > 2 && value.startsWith("\"") && value.endsWith("\"")) out.add(value.substring(1, value.length() - 1));
    out.removeIf(e -> e.isEmpty() || e.equals(value));
    return out;
  }

  /** RFC 3986 percent-encoding of everything but the unreserved characters, as .NET's {@code Uri.EscapeDataString}. */
  private static String uriEscaped(byte[] utf8) {
    StringBuilder b = new StringBuilder(utf8.length * 3);
    for (byte x : utf8) {
      int c = x & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
          || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }

  private static String jsonEscaped(String value) {
    StringBuilder b = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.toString();
  }
}
