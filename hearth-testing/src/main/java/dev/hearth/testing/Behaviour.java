package dev.hearth.testing;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.VmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What a {@link TestVmProvider} VM does when asked to exec: a function of the VM id, the request and
 * the output sink. It may write to the sink, return any result, throw {@link VmException} (the VM
 * cannot run commands) or wait until interrupted. Must be thread-safe when a test runs execs in
 * parallel.
 */
@FunctionalInterface
public interface Behaviour {

  ExecResult exec(String vmId, ExecRequest request, OutputSink output) throws VmException, InterruptedException;

  /** Every command succeeds at once, printing nothing. */
  static Behaviour succeed() {
    return exitCode(0);
  }

  /** Every command exits with {@code code} at once, printing nothing. */
  static Behaviour exitCode(int code) {
    return (vm, request, output) -> new ExecResult(code, false, Duration.ZERO);
  }

  /** Prints {@code lines} to stdout, then exits 0. */
  static Behaviour printing(String... lines) {
    List<String> copy = List.of(lines);
    return (vm, request, output) -> {
      copy.forEach(output::stdout);
      return new ExecResult(0, false, Duration.ZERO);
    };
  }

  /** Exits 1 (with a line on stderr) when any argument contains {@code marker}, else exits 0. */
  static Behaviour failWhenArgvContains(String marker) {
    return when(r -> r.argv().stream().anyMatch(a -> a.contains(marker)),
        (vm, request, output) -> {
          output.stderr("failing because the command contains '" + marker + "'");
          return new ExecResult(1, false, Duration.ZERO);
        },
        succeed());
  }

  /** {@code then} for requests that match {@code test}, {@code otherwise} for the rest. */
  static Behaviour when(Predicate<ExecRequest> test, Behaviour then, Behaviour otherwise) {
    return (vm, request, output) -> (test.test(request) ? then : otherwise).exec(vm, request, output);
  }

  /** Blocks until the calling thread is interrupted (or the VM released), then throws. */
  static Behaviour hangUntilInterrupted() {
    return (vm, request, output) -> {
      new CountDownLatch(1).await();
      throw new AssertionError("unreachable");
    };
  }

  /** Blocks until the request's timeout passes (in real time) and reports a timed-out command. */
  static Behaviour timeOut() {
    return (vm, request, output) -> {
      long nanos = request.timeout().compareTo(Duration.ofNanos(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : request.timeout().toNanos();
      new CountDownLatch(1).await(nanos, TimeUnit.NANOSECONDS);
      return new ExecResult(128 + 9, true, request.timeout());
    };
  }

  /** Throws a {@link VmException} naming the VM and {@code reason}: the VM cannot run commands. */
  static Behaviour vmFailure(String reason) {
    return (vm, request, output) -> {
      throw new VmException("vm=" + vm + ": " + reason);
    };
  }
}
