package dev.hearth.engine;

import dev.hearth.engine.quota.QuotaValues;
import dev.hearth.engine.quota.ResolvedQuota;
import java.time.Instant;

/**
 * The wall-time quota of a run's VM as an instant: jobs still running then are stopped like a job
 * timeout, with {@link #why} in the log. In workflow scope it counts from the run's VM allocation (all
 * jobs together); in job scope from each leg's own allocation.
 *
 * @param deadline when the jobs must have ended
 * @param why the log line when it fires
 */
record WallLimit(Instant deadline, String why) {
  /** The limit {@code quota} sets from {@code start}, or null when it sets none. */
  static WallLimit of(ResolvedQuota quota, Instant start, String scope) {
    return quota.wallTime().map(t -> new WallLimit(start.plus(t),
        "the " + scope + " exceeded its wall-time quota of " + QuotaValues.showDuration(t) + " ("
            + String.join(", ", quota.sources()) + ")")).orElse(null);
  }
}
