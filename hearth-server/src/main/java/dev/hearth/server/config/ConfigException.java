package dev.hearth.server.config;

/**
 * Invalid server configuration. The message is one line for a person: where the value came from
 * ({@code hearth.yml:3:15}, {@code HEARTH_MAX_SESSIONS}, {@code --listen}), the key, what was
 * expected and what was found.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
