package dev.hearth.server.config;

import java.util.List;

/**
 * One configured value and where it came from, for error messages.
 *
 * @param key the dotted key ({@code github.api-url})
 * @param values the scalar, or a list's items
 * @param origin {@code hearth.yml:3:15}, {@code HEARTH_STORE} or {@code --store}
 */
record Setting(String key, List<String> values, String origin) {
  Setting {
    values = List.copyOf(values);
  }

  static Setting of(String key, String value, String origin) {
    return new Setting(key, List.of(value), origin);
  }

  String text() {
    return values.isEmpty() ? "" : values.get(0);
  }

  /** An error naming this setting: {@code hearth.yml:3:15: max-sessions: expected …, got 'x'}. */
  ConfigException invalid(String expected) {
    return new ConfigException(origin + ": " + key + ": expected " + expected + ", got '" + text() + "'");
  }
}
