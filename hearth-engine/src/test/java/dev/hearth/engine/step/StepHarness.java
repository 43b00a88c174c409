package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Cancellation;
import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.parse.WorkflowParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a workflow's first job with {@link JobRunner} in a real host VM and keeps every event. One
 * harness per test; close it to release the VM.
 */
final class StepHarness implements AutoCloseable {
  private static VmProvider provider;

  final Vm vm;
  final String workspace;
  final Map<String, String> secrets = new LinkedHashMap<>();
  final Map<String, String> vars = new LinkedHashMap<>();
  final List<RunEvent> events = new ArrayList<>();
  Cancellation cancellation = new Cancellation();
  Duration jobTime = Duration.ofMinutes(5);
  Masker masker;
  Consumer<RunEvent> onEvent = e -> { };
  dev.hearth.engine.action.ActionSource actions = dev.hearth.engine.action.ActionSource.NONE;

  StepHarness(Path tmp) throws Exception {
    synchronized (StepHarness.class) {
      if (provider == null) {
        provider = HostVms.provider(tmp.getParent().resolve("hearth-step-vms-" + ProcessHandle.current().pid()));
        VmProvider made = provider;
        Runtime.getRuntime().addShutdownHook(new Thread(made::close));
      }
    }
    vm = provider.allocate(VmSpec.of(List.of("ubuntu-latest"), Map.of("test", "steps")));
    workspace = vm.workDir() + "/workspace";
    vm.exec(new ExecRequest(List.of("mkdir", "-p", workspace, vm.workDir() + "/_temp"), Map.of("PATH", path()),
        vm.workDir(), Duration.ofSeconds(30)), OutputSink.NONE);
  }

  static String path() {
    return System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
  }

  JobOutcome run(String yaml) throws InterruptedException {
    var parsed = new WorkflowParser().parse("test.yml", yaml);
    assertThat(parsed.errors()).isEmpty();
    Workflow wf = parsed.workflow();
    Job job = wf.jobs().get(0);
    if (masker == null) masker = Masker.of(secrets.values());
    JobInvocation inv = new JobInvocation("run-1", job.id(), wf, job, contexts(), baseEnv(), secrets, workspace,
        Instant.now().plus(jobTime), cancellation, masker);
    return new JobRunner(this::record, java.time.Clock.systemUTC(), actions).run(inv, vm);
  }

  private synchronized void record(RunEvent e) {
    events.add(e);
    onEvent.accept(e);
  }

  private ObjectValue contexts() {
    return ObjectValue.builder()
        .put("github", object(Map.of("workspace", workspace, "repository", "acme/app", "ref", "refs/heads/main")))
        .put("runner", object(Map.of("os", "Linux", "temp", vm.workDir() + "/_temp")))
        .put("secrets", object(secrets))
        .put("vars", object(vars))
        .put("matrix", object(Map.of("version", "21")))
        .build();
  }

  private static ObjectValue object(Map<String, String> map) {
    ObjectValue.Builder b = ObjectValue.builder();
    map.forEach((k, v) -> b.put(k, (Value) new StringValue(v)));
    return b.build();
  }

  private Map<String, String> baseEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", path());
    env.put("HOME", System.getProperty("user.home"));
    env.put("CI", "true");
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_WORKSPACE", workspace);
    env.put("RUNNER_TEMP", vm.workDir() + "/_temp");
    env.put("FROM_BASE", "base");
    return env;
  }

  synchronized List<String> lines(String stepId) {
    return events.stream().filter(e -> e instanceof RunEvent.LogLine l && java.util.Objects.equals(l.stepId(), stepId))
        .map(e -> ((RunEvent.LogLine) e).text()).toList();
  }

  /** The step's script output (stdout and stderr), without Hearth's own lines. */
  synchronized List<String> output(String stepId) {
    return events.stream().filter(e -> e instanceof RunEvent.LogLine l && stepId.equals(l.stepId())
            && !l.stream().equals("hearth"))
        .map(e -> ((RunEvent.LogLine) e).text()).toList();
  }

  /** The ids of the steps that started, in order. */
  synchronized List<String> started() {
    return events.stream().filter(RunEvent.StepStarted.class::isInstance).map(e -> ((RunEvent.StepStarted) e).stepId()).toList();
  }

  synchronized RunEvent.StepFinished finished(String stepId) {
    return events.stream().filter(e -> e instanceof RunEvent.StepFinished f && f.stepId().equals(stepId))
        .map(RunEvent.StepFinished.class::cast).findFirst().orElseThrow(() -> new AssertionError("no StepFinished for " + stepId));
  }

  Conclusion outcome(String stepId) {
    return finished(stepId).outcome();
  }

  Conclusion conclusion(String stepId) {
    return finished(stepId).conclusion();
  }

  synchronized List<RunEvent.Annotation> annotations() {
    return events.stream().filter(RunEvent.Annotation.class::isInstance).map(RunEvent.Annotation.class::cast).toList();
  }

  synchronized List<String> allText() {
    List<String> out = new ArrayList<>();
    for (RunEvent e : events) {
      if (e instanceof RunEvent.LogLine l) out.add(l.text());
      if (e instanceof RunEvent.Annotation a) {
        out.add(a.message());
        out.addAll(a.properties().values());
      }
      if (e instanceof RunEvent.StepStarted s) out.add(s.stepName());
    }
    return out;
  }

  @Override
  public void close() {
    vm.close();
  }

  /** A workflow with one job {@code j} whose steps are {@code stepsYaml} (indented by 6). */
  static String job(String stepsYaml) {
    return "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n" + stepsYaml.stripIndent().indent(6);
  }
}
