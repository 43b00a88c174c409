package dev.hearth.engine.quota;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves the quota of a run's VM from its {@code runs-on} labels and its repository. Pure: no I/O,
 * no clock, no logging; thread-safe.
 *
 * <ol>
 *   <li>Start from {@link QuotaPolicy#defaults()}.
 *   <li>Each label, in order, overlays what it asks for: its entry under {@code quotas.labels} when
 *       there is one, else what the {@link QuotaLabels naming convention} reads from it
 *       ({@code hearth-4cpu-8gb}). Two labels that ask for different values of the same field are
 *       refused. A label claiming the convention that does not parse is refused.
 *   <li>The repository's cap (the most specific of {@code owner/name}, {@code owner/*}, {@code *})
 *       bounds every field it sets. A value a <b>label asked for</b> beyond the cap is
 *       <b>refused</b>: the run fails before allocation with a message naming the label and the cap,
 *       because a job that asked for 64 vCPUs and silently got 4 would fail later in a way nobody
 *       can explain. A value from the <b>defaults</b> beyond the cap is <b>clamped</b> with a warning
 *       (the repository asked for nothing). A field the cap sets and nothing else does gets the cap,
 *       so a capped repository never runs with a provider's unlimited default.
 * </ol>
 */
public final class QuotaResolver {
  private final QuotaPolicy policy;

  public QuotaResolver(QuotaPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** No configuration: only the naming convention's labels set anything. */
  public static QuotaResolver conventionOnly() {
    return new QuotaResolver(QuotaPolicy.NONE);
  }

  public QuotaPolicy policy() {
    return policy;
  }

  /**
   * @param labels the {@code runs-on} labels of the run's VM
   * @param repository {@code owner/name}, for the cap
   * @throws QuotaException naming the label, the field and the cap
   */
  public ResolvedQuota resolve(List<String> labels, String repository) throws QuotaException {
    Quota q = policy.defaults();
    List<String> sources = new ArrayList<>();
    if (!q.isEmpty()) sources.add("quotas.defaults");
    Map<QuotaField, String> askedBy = new EnumMap<>(QuotaField.class);
    for (String label : labels) {
      Quota asked = policy.labels().get(label);
      String source = "quotas.labels." + label;
      if (asked == null) {
        Optional<Quota> convention = QuotaLabels.parse(label);
        if (convention.isEmpty()) continue;
        asked = convention.get();
        source = "runs-on label " + label;
      }
      q = overlay(q, asked, label, askedBy);
      sources.add(source);
    }
    List<String> warnings = new ArrayList<>();
    Optional<Map.Entry<String, Quota>> cap = policy.capOf(repository);
    if (cap.isPresent()) {
      Quota capped = cap(q, cap.get(), repository, askedBy, warnings);
      if (!capped.equals(q)) sources.add("cap " + cap.get().getKey());
      q = capped;
    }
    return new ResolvedQuota(q, sources, warnings);
  }

  private static Quota overlay(Quota q, Quota asked, String label, Map<QuotaField, String> askedBy) throws QuotaException {
    for (QuotaField f : QuotaField.values()) {
      if (!f.isSet(asked)) continue;
      String earlier = askedBy.get(f);
      if (earlier != null && f.get(q) != f.get(asked)) {
        throw new QuotaException("runs-on labels '" + earlier + "' and '" + label + "' ask for different " + f.noun() + " ("
            + f.show(f.get(q)) + " and " + f.show(f.get(asked)) + "): keep one of them");
      }
      q = f.with(q, f.get(asked));
      askedBy.put(f, label);
    }
    return q;
  }

  private static Quota cap(Quota q, Map.Entry<String, Quota> cap, String repository, Map<QuotaField, String> askedBy,
      List<String> warnings) throws QuotaException {
    String where = "quotas.caps." + cap.getKey();
    for (QuotaField f : QuotaField.values()) {
      if (!f.isSet(cap.getValue())) continue;
      long limit = f.get(cap.getValue());
      long value = f.get(q);
      if (value == QuotaField.UNSET) {
        q = f.with(q, limit);
      } else if (value > limit) {
        String label = askedBy.get(f);
        if (label != null) {
          throw new QuotaException("runs-on label '" + label + "' asks for " + f.show(value) + " " + f.noun()
              + ", more than repository " + repository + " may have: its cap is " + f.show(limit) + " " + f.noun()
              + " (" + where + "); ask for less or raise the cap");
        }
        warnings.add("quota: " + f.noun() + " lowered from " + f.show(value) + " (quotas.defaults) to " + f.show(limit)
            + ", the cap of repository " + repository + " (" + where + ")");
        q = f.with(q, limit);
      }
    }
    return q;
  }
}
