package dev.hearth.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Hearth's command line: the one place where commands are wired together. */
@Command(
    name = "hearth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs GitHub Actions workflows on your own machines, one isolated VM per workflow run.",
    subcommands = {CommandLine.HelpCommand.class, RunCommand.class, ValidateCommand.class, ListCommand.class,
        EvalCommand.class, ServeCommand.class, RunsCommand.class, LogsCommand.class, ProvidersCommand.class,
        ImageCommand.class, ActionsCommand.class, FleetCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line writing to {@code out} and {@code err}; tests call this. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new ErrorHandler());
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
