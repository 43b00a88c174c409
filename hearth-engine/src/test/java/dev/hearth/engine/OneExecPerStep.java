package dev.hearth.engine;

import dev.hearth.engine.step.JobInvocation;
import dev.hearth.engine.step.JobOutcome;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.workflow.expr.Coercion;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.model.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal step runner that keeps the {@link LegRunner} contract to the letter: each step is one
 * {@code sh -c <run>} exec with the job's base env in the workspace; the first failing step fails
 * the job; stdout lines {@code output k=v} become job outputs. For tests of the executor alone.
 */
final class OneExecPerStep implements LegRunner {
  private final Clock clock;

  OneExecPerStep(Clock clock) {
    this.clock = clock;
  }

  @Override
  public JobOutcome run(JobInvocation job, Vm vm, RunListener listener) throws InterruptedException {
    Map<String, String> outputs = new LinkedHashMap<>();
    for (Step step : job.job().steps()) {
      listener.on(new RunEvent.StepStarted(job.runId(), job.jobId(), step.id(), step.id(), clock.instant()));
      Conclusion result = exec(job, vm, listener, step, outputs);
      listener.on(new RunEvent.StepFinished(job.runId(), job.jobId(), step.id(), result, result, Duration.ZERO,
          clock.instant()));
      if (result != Conclusion.SUCCESS) return new JobOutcome(result, outputs);
    }
    return new JobOutcome(Conclusion.SUCCESS, outputs);
  }

  /** {@code ${{ matrix.k }}} becomes the leg's value: all the expression support tests need. */
  private static String substitute(String script, JobInvocation job) {
    var matrix = (Value.ObjectValue) job.contexts().get("matrix");
    String out = script;
    for (var e : matrix.entries()) {
      out = out.replace("${{ matrix." + e.getKey() + " }}", Coercion.toStr(e.getValue()));
    }
    return out;
  }

  private Conclusion exec(JobInvocation job, Vm vm, RunListener listener, Step step, Map<String, String> outputs) {
    ExecRequest request = new ExecRequest(List.of("sh", "-c", substitute(step.run().text(), job)), job.baseEnv(),
        job.workspace(),
        Duration.ofMinutes(10));
    OutputSink sink = new OutputSink() {
      @Override
      public synchronized void stdout(String line) {
        if (line.startsWith("output ")) {
          String[] kv = line.substring(7).split("=", 2);
          outputs.put(kv[0], kv[1]);
        }
        listener.on(new RunEvent.LogLine(job.runId(), job.jobId(), step.id(), "stdout", line, clock.instant()));
      }

      @Override
      public void stderr(String line) {}
    };
    try {
      ExecResult r = job.cancellation().interruptibly(() -> vm.exec(request, sink));
      return r.succeeded() ? Conclusion.SUCCESS : Conclusion.FAILURE;
    } catch (InterruptedException e) {
      return job.cancellation().reason().orElse(null) == Cancellation.Reason.TIMED_OUT ? Conclusion.FAILURE
          : Conclusion.CANCELLED;
    } catch (VmException e) {
      return Conclusion.FAILURE;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
