package dev.hearth.cli.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.hearth.server.config.LogFormat;

/**
 * Logback's configuration when the CLI starts (found through {@code META-INF/services}; no XML to
 * parse): text lines on stderr from warnings up, or from the level in the system property
 * {@value LogSetup#LEVEL_PROPERTY}. The CLI's own output is for people; {@code hearth serve}
 * reconfigures for info and its {@code log-format} ({@link LogSetup#configure}).
 */
public final class HearthLogConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    LogSetup.configure(context, LogSetup.level(LogSetup.DEFAULT_LEVEL), LogFormat.TEXT);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
