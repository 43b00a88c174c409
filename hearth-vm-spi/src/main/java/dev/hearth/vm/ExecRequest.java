package dev.hearth.vm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One command to run in a VM.
 *
 * @param argv the program and its arguments; the program is looked up on {@code PATH} from {@code env}
 * @param env the complete environment the command sees (nothing is inherited)
 * @param workingDirectory a directory in the VM
 * @param timeout how long the command may run before its process tree is killed
 * @param stdin bytes given to the command's standard input (empty: standard input is at its end)
 */
public record ExecRequest(
    List<String> argv, Map<String, String> env, String workingDirectory, Duration timeout, byte[] stdin) {

  public ExecRequest {
    if (argv.isEmpty()) throw new IllegalArgumentException("argv must name a program");
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    stdin = stdin == null ? new byte[0] : stdin.clone();
  }

  public ExecRequest(List<String> argv, Map<String, String> env, String workingDirectory, Duration timeout) {
    this(argv, env, workingDirectory, timeout, new byte[0]);
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }
}
