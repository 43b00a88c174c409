package dev.hearth.cli.log;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells the web server (Helidon) that logging is configured: {@link LogSetup} already routes its
 * {@code java.util.logging} records into Hearth's log lines, so there is nothing for Helidon to set up
 * (without a provider it prints a line of its own on stderr, outside the log format).
 */
public final class HelidonLogging implements LoggingProvider {
  @Override
  public void initialization() {}

  @Override
  public void runTime() {}
}
