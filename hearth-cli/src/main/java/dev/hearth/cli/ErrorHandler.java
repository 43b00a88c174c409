package dev.hearth.cli;

import picocli.CommandLine;

/**
 * Turns an unexpected exception into one line for a person and exit code 2. The stack trace is
 * printed only when {@code HEARTH_DEBUG} is set: a user should never see one for bad input.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    cli.getErr().println("hearth " + cli.getCommandName() + ": " + message);
    if (System.getenv("HEARTH_DEBUG") != null) ex.printStackTrace(cli.getErr());
    return 2;
  }
}
