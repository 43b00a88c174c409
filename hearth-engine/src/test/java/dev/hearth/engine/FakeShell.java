package dev.hearth.engine;

import dev.hearth.testing.Behaviour;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.VmException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A VM behaviour that understands just enough shell for engine tests. Hearth's setup and cleanup
 * succeed. A script (given as {@code sh -c <script>}, or as the argument or standard input of the
 * step runner's one-exec launcher) runs line by line: {@code echo X} prints X, {@code exit N} exits, {@code
 * hang} blocks until the VM kills it, {@code env} prints the command's environment, {@code timeout}
 * reports the request's timeout, {@code vmfail} (anywhere) makes the VM fail the exec, {@code exit-if A
 * B} exits 1 when A equals B, {@code hang-unless A B} hangs unless they are equal, {@code wait N}
 * blocks until the test calls {@link #open}.
 */
final class FakeShell implements Behaviour {
  private final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();

  /** Lets every script blocked on {@code wait <name>} go on (and those that reach it later). */
  void open(String name) {
    latches.computeIfAbsent(name, k -> new CountDownLatch(1)).countDown();
  }

  @Override
  public ExecResult exec(String vmId, ExecRequest request, OutputSink output)
      throws InterruptedException, VmException {
    var argv = request.argv();
    if (argv.stream().anyMatch(a -> a.contains("vmfail"))) throw new VmException("vm=" + vmId + ": agent gone");
    if (argv.contains("hearth-setup") || argv.contains("hearth-cleanup")) return ok();
    int step = argv.indexOf("hearth-step");
    if (step >= 0) { // the step runner's launcher: the script is its argument, or comes on stdin when large
      String script = step + 1 < argv.size() ? argv.get(step + 1) : new String(request.stdin(), StandardCharsets.UTF_8);
      return run(script, request, output);
    }
    String script = argv.size() >= 3 && argv.get(0).equals("sh") && argv.get(1).equals("-c") ? argv.get(2) : "";
    return run(script, request, output);
  }

  private ExecResult run(String script, ExecRequest request, OutputSink output) throws InterruptedException {
    for (String line : script.split("\n")) {
      String l = line.strip();
      if (l.startsWith("echo ")) output.stdout(l.substring(5));
      else if (l.startsWith("exit ")) return new ExecResult(Integer.parseInt(l.substring(5).strip()), false, Duration.ZERO);
      else if (l.equals("hang")) new CountDownLatch(1).await();
      else if (l.equals("env")) request.env().forEach((k, v) -> output.stdout(k + "=" + v));
      else if (l.equals("timeout")) return new ExecResult(137, true, request.timeout());
      else if (l.equals("vmfail")) throw new IllegalStateException("vmfail is handled by exec");
      else if (l.startsWith("exit-if ")) {
        String[] ab = l.substring(8).split(" ");
        if (ab[0].equals(ab[1])) return new ExecResult(1, false, Duration.ZERO);
      } else if (l.startsWith("hang-unless ")) {
        String[] ab = l.substring(12).split(" ");
        if (!ab[0].equals(ab[1])) new CountDownLatch(1).await();
      } else if (l.startsWith("wait ")) {
        latches.computeIfAbsent(l.substring(5), k -> new CountDownLatch(1)).await();
      }
    }
    return ok();
  }

  private static ExecResult ok() {
    return new ExecResult(0, false, Duration.ZERO);
  }
}
