package dev.hearth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Hearth's command line: the one place where commands are wired together. */
@Command(
    name = "hearth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs GitHub Actions workflows on your own machines, one isolated VM per workflow run.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code; tests call this instead of {@link #main}. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
