package dev.hearth.engine.quota;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The configured quotas (configuration section {@code quotas:}).
 *
 * @param defaults what every run gets unless a label asks otherwise
 * @param labels a quota per {@code runs-on} label (explicit entries; they win over the
 *     {@link QuotaLabels naming convention} for the same label)
 * @param caps the most a repository's runs may get, by {@code owner/name}, {@code owner/*} or
 *     {@code *} (the most specific key applies); insertion order is kept for messages
 */
public record QuotaPolicy(Quota defaults, Map<String, Quota> labels, Map<String, Quota> caps) {
  /** No defaults, no label entries, no caps: every run gets the provider's defaults (and the convention's labels). */
  public static final QuotaPolicy NONE = new QuotaPolicy(Quota.NONE, Map.of(), Map.of());
  private static final Pattern CAP_KEY = Pattern.compile("\\*|[A-Za-z0-9_.-]+/(\\*|[A-Za-z0-9_.-]+)");

  public QuotaPolicy {
    Objects.requireNonNull(defaults, "defaults");
    labels = Map.copyOf(labels);
    caps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(caps));
    for (String key : caps.keySet()) {
      if (!isCapKey(key)) throw new IllegalArgumentException("quotas.caps: '" + key + "' " + CAP_KEY_EXPECTED);
    }
  }

  /** What a caps key must look like, for error messages. */
  public static final String CAP_KEY_EXPECTED = "is not a repository: expected owner/name, owner/* or *";

  /** Whether {@code key} may name repositories under {@code quotas.caps}. */
  public static boolean isCapKey(String key) {
    return CAP_KEY.matcher(key).matches();
  }

  /** This policy with other defaults (flags over a file's defaults). */
  public QuotaPolicy withDefaults(Quota value) {
    return new QuotaPolicy(value, labels, caps);
  }

  /** This policy without caps (for shapes a pool keeps warm before any repository is known). */
  public QuotaPolicy withoutCaps() {
    return new QuotaPolicy(defaults, labels, Map.of());
  }

  /** The cap for {@code repository} ({@code owner/name}) and its key, when one applies. */
  java.util.Optional<Map.Entry<String, Quota>> capOf(String repository) {
    String owner = repository.contains("/") ? repository.substring(0, repository.indexOf('/')) : repository;
    for (String key : new String[] {repository, owner + "/*", "*"}) {
      Quota cap = caps.get(key);
      if (cap != null) return java.util.Optional.of(Map.entry(key, cap));
    }
    return java.util.Optional.empty();
  }
}
