package dev.hearth.testing.github;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request the fake received and the status it answered.
 *
 * @param headers by lower-case name
 * @param body the request body as text ({@code ""} when none)
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body, int status) {
  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of header {@code name} (any case), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public String toString() {
    return method + " " + path + " → " + status;
  }
}
