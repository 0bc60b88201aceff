package io.s3clean.localcloud;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Logging for the embedded cloud and the CLI that carries it: warnings and errors on stderr, the
 * rest dropped. S3Proxy brings logback, and without a configuration Jetty and the SDK log every
 * request at DEBUG; the emulators are plumbing, only their warnings and errors are news.
 *
 * <p>Configured in code, found by logback through {@code META-INF/services}, rather than by a
 * {@code logback.xml}: reading that file parses XML, which cost every CLI command about 60 ms of
 * its start. A {@code logback-test.xml} on the class path or a {@code -Dlogback.configurationFile}
 * still wins, so tests and operators can configure logback as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class QuietLogging extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

  private final ClassLoader resources;

  /**
   * As logback's service loader makes it: looks for a {@code logback-test.xml} with its own class
   * loader.
   */
  public QuietLogging() {
    this(QuietLogging.class.getClassLoader());
  }

  QuietLogging(ClassLoader resources) {
    this.resources = resources;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || resources.getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
