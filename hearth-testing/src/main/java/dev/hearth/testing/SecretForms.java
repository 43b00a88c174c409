package dev.hearth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The encoded forms of a secret that a leak test looks for in everything Hearth shows: a workflow can
 * print a secret encoded, and masking must catch those forms too.
 */
public final class SecretForms {
  /** A secret that {@link #leakWorkflow()} adds a mask for at run time, with {@code ::add-mask::}. */
  public static final String MASKED_AT_RUNTIME = "added-mask-value-99";

  private SecretForms() {}

  /**
   * A workflow (push) that prints the secrets {@code TOKEN} and {@code MULTI} (two lines) every way a
   * workflow can: plain, from a file, base64, URL-encoded, JSON-quoted; in log lines, a step name,
   * summaries, annotations, job outputs and a failure. It also masks {@link #MASKED_AT_RUNTIME} and
   * prints {@code env: ***}, {@code file: ***}, {@code later: ***} and {@code summary with ***} once masked.
   */
  public static String leakWorkflow() {
    try (InputStream in = SecretForms.class.getResourceAsStream("leak.yml")) {
      return new String(Objects.requireNonNull(in, "leak.yml beside SecretForms").readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code value} in base64 at each of the three byte offsets it can start at inside a longer text,
   * each with and without its last partial group: what {@code printf '%s%s' PREFIX "$SECRET" | base64}
   * contains for any prefix.
   */
  public static List<String> base64AtEveryOffset(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    List<String> forms = new ArrayList<>();
    for (int shift = 0; shift < 3; shift++) {
      int whole = (bytes.length - shift) / 3 * 3;
      forms.add(Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, shift, shift + whole)));
      forms.add(Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, shift, bytes.length)));
    }
    return forms;
  }

  /**
   * {@code value} URL-encoded as a form ({@code +} for a space), with {@code %20} for a space, and as
   * RFC 3986 percent-encoding (everything but {@code A-Z a-z 0-9 - . _ ~}), without repeats.
   */
  public static List<String> urlEncoded(String value) {
    String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
    StringBuilder rfc3986 = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0;
      rfc3986.append(unreserved ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
    }
    return List.copyOf(new LinkedHashSet<>(List.of(form, form.replace("+", "%20"), rfc3986.toString())));
  }
}
