package dev.hearth.engine.step;

import dev.hearth.vm.OutputSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a running step's output line by line as GitHub's runner does: a line that is a workflow
 * command ({@code ::error::…}, {@code ::add-mask::…}, …) is carried out, any other line is logged
 * (masked). Commands are recognised on stdout and stderr alike. What commands set (outputs,
 * environment, path) is collected for after the step. Thread-safe.
 */
final class StepOutput implements OutputSink {
  static final String SET_OUTPUT_DEPRECATED = "The `set-output` command is deprecated and will be disabled soon."
      + " Please upgrade to using Environment Files. For more information see:"
      + " https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/";
  static final String SAVE_STATE_DEPRECATED = SET_OUTPUT_DEPRECATED.replace("set-output", "save-state");
  static final String UNSECURE_DISABLED = "The `%s` command is disabled. Please upgrade to using Environment Files"
      + " or opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment"
      + " variable to `true`. For more information see:"
      + " https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/";
  private static final Set<String> ISSUE_PROPERTIES = Set.of("file", "line", "endLine", "col", "endColumn", "title");

  private final StepLog log;
  private final Masker masker;
  private final CommandState state;
  private final boolean debug;
  private final boolean allowUnsecure;
  final Map<String, String> outputs = new LinkedHashMap<>();
  final Map<String, String> env = new LinkedHashMap<>();
  final List<String> paths = new ArrayList<>();
  boolean failed;

  StepOutput(StepLog log, Masker masker, CommandState state, boolean debug, boolean allowUnsecure) {
    this.log = log;
    this.masker = masker;
    this.state = state;
    this.debug = debug;
    this.allowUnsecure = allowUnsecure;
  }

  @Override
  public synchronized void stdout(String line) {
    String l = withoutCarriageReturn(line);
    if (!command(l)) log.line(StepLog.STDOUT, l);
  }

  @Override
  public synchronized void stderr(String line) {
    String l = withoutCarriageReturn(line);
    if (!command(l)) log.line(StepLog.STDERR, l);
  }

  /** A CRLF line ends at the CR, as GitHub's runner reads lines. */
  private static String withoutCarriageReturn(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** True when the line was a command (and was handled); false when it is plain output. */
  private boolean command(String line) {
    var parsed = WorkflowCommand.parse(line, WorkflowCommand.KNOWN, state.stopToken);
    if (parsed.isEmpty()) return false;
    WorkflowCommand c = parsed.get();
    if (state.stopped()) {
      if (!c.is(state.stopToken)) return false;
      log.line(StepLog.STDOUT, line);
      state.stopToken = null;
      return true;
    }
    if (c.is("stop-commands")) {
      log.line(StepLog.STDOUT, line);
      if (!c.data().isEmpty()) state.stopToken = c.data();
      return true;
    }
    if (state.echo && !omitsEcho(c)) log.line(StepLog.STDOUT, line);
    try {
      carryOut(c);
    } catch (IllegalArgumentException e) {
      log.error("Unable to process command '" + (omitsEcho(c) ? c.name() : line) + "' successfully.");
      log.error(e.getMessage());
      failed = true;
    }
    return true;
  }

  private static boolean omitsEcho(WorkflowCommand c) {
    return c.is("add-mask") || c.is("debug") || c.is("error") || c.is("warning") || c.is("notice");
  }

  private void carryOut(WorkflowCommand c) {
    switch (c.name().toLowerCase(java.util.Locale.ROOT)) {
      case "error", "warning", "notice" -> log.annotate(c.name().toLowerCase(java.util.Locale.ROOT), c.data(), issueProperties(c));
      case "debug" -> {
        if (debug) log.line(StepLog.STDOUT, "##[debug]" + c.data());
      }
      case "group" -> log.line(StepLog.STDOUT, "##[group]" + c.data());
      case "endgroup" -> log.line(StepLog.STDOUT, "##[endgroup]");
      case "add-mask" -> addMask(c.data());
      case "echo" -> echo(c.data());
      case "set-output" -> {
        outputs.put(required(c, "set-output"), c.data());
        log.warning(SET_OUTPUT_DEPRECATED);
      }
      case "save-state" -> {
        required(c, "save-state");
        log.warning(SAVE_STATE_DEPRECATED);
      }
      case "set-env" -> unsecure(c, () -> env.put(required(c, "set-env"), c.data()));
      case "add-path" -> unsecure(c, () -> paths.add(c.data()));
      default -> log.warning("Hearth does not support the '" + c.name() + "' command yet; the line was ignored.");
    }
  }

  private static Map<String, String> issueProperties(WorkflowCommand c) {
    Map<String, String> props = new LinkedHashMap<>();
    c.properties().forEach((k, v) -> {
      if (ISSUE_PROPERTIES.contains(k)) props.put(k, v);
    });
    return props;
  }

  private void addMask(String value) {
    if (value.isBlank()) {
      log.warning("Can't add secret mask for empty string in ##[add-mask] command.");
      return;
    }
    masker.add(value);
    if (state.echo) log.line(StepLog.STDOUT, "::add-mask::" + Masker.REPLACEMENT);
  }

  private void echo(String value) {
    switch (value.strip().toUpperCase(java.util.Locale.ROOT)) {
      case "ON" -> state.echo = true;
      case "OFF" -> state.echo = false;
      default -> throw new IllegalArgumentException(
          "Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '" + value + "'.");
    }
  }

  private void unsecure(WorkflowCommand c, Runnable apply) {
    if (!allowUnsecure) throw new IllegalArgumentException(String.format(UNSECURE_DISABLED, c.name()));
    apply.run();
  }

  private static String required(WorkflowCommand c, String command) {
    String name = c.properties().get("name");
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Required field 'name' is missing in ##[" + command + "] command.");
    }
    return name;
  }
}
