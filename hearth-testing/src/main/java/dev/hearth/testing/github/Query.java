package dev.hearth.testing.github;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A request's query parameters (the first value of each). */
record Query(Map<String, String> values) {
  static Query parse(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.putIfAbsent(k, v);
      }
    }
    return new Query(Map.copyOf(out));
  }

  String get(String key) {
    return values.get(key);
  }

  String getOrDefault(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  int intOr(String key, int fallback) throws ApiError {
    String v = values.get(key);
    if (v == null) return fallback;
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ApiError(422, key + " is not a number: " + v);
    }
  }
}
