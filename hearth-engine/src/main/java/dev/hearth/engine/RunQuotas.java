package dev.hearth.engine;

import dev.hearth.engine.quota.QuotaException;
import dev.hearth.engine.quota.ResolvedQuota;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Resolves the quota of a run's (or a leg's) VM and says it: one log line, and lines in the run's log. */
final class RunQuotas {
  private static final Logger LOG = LoggerFactory.getLogger(RunQuotas.class);

  private RunQuotas() {}

  /** @throws QuotaException with the resolver's message, already logged */
  static ResolvedQuota resolve(RunContext run, String jobId, List<String> labels) throws QuotaException {
    String repository = run.request().metadata().repository();
    try {
      ResolvedQuota quota = run.quotas().resolve(labels, repository);
      if (!quota.quota().isEmpty()) {
        LOG.info("run={}{} repository={} labels={} quota: {}", run.runId(), jobId == null ? "" : " job=" + jobId,
            repository, labels, quota.describe());
      }
      quota.warnings().forEach(w -> LOG.warn("run={} repository={} {}", run.runId(), repository, w));
      return quota;
    } catch (QuotaException e) {
      LOG.warn("run={}{} repository={} labels={} refused before allocation: {}", run.runId(),
          jobId == null ? "" : " job=" + jobId, repository, labels, e.getMessage());
      throw e;
    }
  }

  /** The quota's lines in the run's log (nothing when nothing is limited). */
  static void say(RunContext run, String jobId, ResolvedQuota quota) {
    if (!quota.quota().isEmpty()) run.say(jobId, "VM quota: " + quota.describe());
    quota.warnings().forEach(w -> run.say(jobId, "warning: " + w));
  }
}
