package dev.hearth.cli.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.hearth.server.config.LogFormat;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Where and how Hearth's log lines go: one appender on stderr, text ({@code LEVEL Logger - message})
 * or one JSON object a line ({@link JsonLineEncoder}), at one level for every logger.
 */
public final class LogSetup {
  /** The system property that sets the level ({@code -Dhearth.log.level=debug}); it wins over the command's default. */
  public static final String LEVEL_PROPERTY = "hearth.log.level";
  static final Level DEFAULT_LEVEL = Level.WARN;
  private static final String TEXT_PATTERN = "%level %logger{0} - %msg%n";

  private LogSetup() {}

  /** The level {@value #LEVEL_PROPERTY} names, else {@code fallback}. */
  public static Level level(Level fallback) {
    return Level.toLevel(System.getProperty(LEVEL_PROPERTY), fallback);
  }

  /**
   * Logs from {@code level} up (unless {@value #LEVEL_PROPERTY} says otherwise) in {@code format},
   * and routes {@code java.util.logging} (the web server's) into the same lines. Returns false, doing
   * nothing, when logback is not the logging backend (a test's classpath may bind another).
   */
  public static boolean configureProcess(Level level, LogFormat format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return false;
    configure(context, level(level), format);
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    context.addListener(propagator);
    propagator.start();
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.parse(julLevel(level(level))));
    return true;
  }

  static void configure(LoggerContext context, Level level, LogFormat format) {
    context.reset();
    Encoder<ILoggingEvent> encoder = format == LogFormat.JSON ? new JsonLineEncoder() : text();
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    root.addAppender(stderr);
  }

  private static Encoder<ILoggingEvent> text() {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setPattern(TEXT_PATTERN);
    return encoder;
  }

  private static String julLevel(Level level) {
    return switch (level.levelInt) {
      case Level.ERROR_INT -> "SEVERE";
      case Level.WARN_INT -> "WARNING";
      case Level.INFO_INT -> "INFO";
      case Level.DEBUG_INT -> "FINE";
      case Level.TRACE_INT -> "FINEST";
      case Level.OFF_INT -> "OFF";
      default -> "ALL";
    };
  }
}
