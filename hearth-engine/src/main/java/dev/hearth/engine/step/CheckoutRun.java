package dev.hearth.engine.step;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code actions/checkout}, run by Hearth without network: the workspace already holds the run's
 * repository (the executor copies the checkout in, {@code .git} included). Without {@code path}
 * and {@code ref} it keeps that copy as it is; with {@code ref} it checks that ref out in the
 * workspace (honouring {@code clean}); with {@code path} it clones the workspace's repository into
 * {@code $GITHUB_WORKSPACE/path} ({@code fetch-depth} > 0 makes the clone shallow) at {@code ref} or
 * the workspace's commit; {@code submodules} runs {@code git submodule update --init} there, which
 * works when the submodules' URLs are reachable from the VM. Another {@code repository} fails the
 * step clearly. Sets the outputs {@code ref} and {@code commit}. One script, one exec.
 */
final class CheckoutRun {
  private final JobRun job;
  private final StepLog log;

  CheckoutRun(JobRun job, StepLog log) {
    this.job = job;
    this.log = log;
  }

  StepResult run(Map<String, String> with, Map<String, String> stepEnv) throws InterruptedException {
    String own = job.invocation().baseEnv().getOrDefault("GITHUB_REPOSITORY", "");
    String repository = with.getOrDefault("repository", "").strip();
    if (!repository.isEmpty() && !repository.equalsIgnoreCase(own)) {
      log.error("actions/checkout of another repository ('" + repository + "') needs the network; Hearth checks out"
          + " only the run's own repository (" + own + ") from the copy it puts in the VM.");
      return StepResult.failure();
    }
    String ws = job.invocation().workspace();
    String path = with.getOrDefault("path", "").strip();
    String ref = with.getOrDefault("ref", "").strip();
    if ((path.isEmpty() || path.equals(".")) && ref.isEmpty() && !with.containsKey("submodules")) {
      log.info("actions/checkout: the repository is already in " + ws
          + " (Hearth copies the run's checkout in before the job); nothing to do.");
      return StepResult.success(StepResult.Changes.NONE);
    }
    boolean clean = !"false".equalsIgnoreCase(with.getOrDefault("clean", "true").strip());
    String depth = with.getOrDefault("fetch-depth", "1").strip();
    String submodules = with.getOrDefault("submodules", "false").strip().toLowerCase(java.util.Locale.ROOT);
    StringBuilder s = new StringBuilder();
    s.append("ws=").append(q(ws)).append("\nref=").append(q(ref)).append('\n');
    s.append("if ! git -C \"$ws\" rev-parse --git-dir >/dev/null 2>&1; then echo \"::error::actions/checkout: the"
        + " workspace $ws holds no git repository (hearth run copies the checkout in; run it from a git checkout)\";"
        + " exit 1; fi\n");
    s.append("git config --global --add safe.directory '*' 2>/dev/null || :\n");
    if (path.isEmpty() || path.equals(".")) {
      s.append("target=\"$ws\"\n");
      if (!ref.isEmpty()) {
        if (clean) s.append("git -C \"$target\" clean -ffdx && git -C \"$target\" reset --hard HEAD\n");
        s.append("git -C \"$target\" -c advice.detachedHead=false checkout --force --detach \"$ref\"\n");
      }
    } else {
      String target = path.startsWith("/") ? path : ws + "/" + path;
      s.append("target=").append(q(target)).append('\n');
      s.append("[ -n \"$ref\" ] || ref=$(git -C \"$ws\" rev-parse HEAD)\n");
      s.append("rm -rf \"$target\"\n");
      String shallow = depth.matches("[1-9][0-9]*") ? " --depth " + depth + " --no-single-branch" : "";
      s.append("git clone --quiet --no-checkout").append(shallow).append(" \"file://$ws\" \"$target\"\n");
      s.append("git -C \"$target\" -c advice.detachedHead=false checkout --quiet --force --detach \"$ref\" 2>/dev/null"
          + " || { git -C \"$target\" fetch --quiet origin \"$ref\" && git -C \"$target\" -c advice.detachedHead=false"
          + " checkout --quiet --force --detach FETCH_HEAD; }\n");
    }
    if (submodules.equals("true") || submodules.equals("recursive")) {
      s.append("git -C \"$target\" submodule update --init").append(submodules.equals("recursive") ? " --recursive" : "")
          .append('\n');
    }
    s.append("echo \"ref=$ref\" >> \"$GITHUB_OUTPUT\"\n");
    s.append("echo \"commit=$(git -C \"$target\" rev-parse HEAD)\" >> \"$GITHUB_OUTPUT\"\n");
    Map<String, String> env = new LinkedHashMap<>(job.env().process(stepEnv));
    String script = HearthScript.of("actions/checkout, run by Hearth from the run's copy of the repository",
        s.toString(), env);
    JobRun.Limit limit = job.limit(Optional.empty());
    ScriptRequest request = new ScriptRequest(script, ShellCommand.parse("bash"), ws, env, limit.timeout(),
        limit.isJobDeadline(), !job.stopping());
    StepOutput output = new StepOutput(log, job.masker(), job.commands(), job.debug(), false);
    return new ScriptStep(job.vm(), job.tempDir(), job.stepFilesId(), job.invocation().cancellation(), log).run(request, output);
  }

  private static String q(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
