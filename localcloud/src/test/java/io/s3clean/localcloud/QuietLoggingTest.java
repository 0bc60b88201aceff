package io.s3clean.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class QuietLoggingTest {
  @Test
  void withNoConfigurationFileTheRootLogsWarningsAndErrorsToStderrAndNothingElseIsAsked()
      throws Exception {
    LoggerContext context = new LoggerContext();
    // the bootstrap class loader alone: no logback-test.xml anywhere
    try (URLClassLoader nothing = new URLClassLoader(new URL[0], null)) {
      assertThat(new QuietLogging(nothing).configure(context))
          .isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.eclipse.jetty.server").isDebugEnabled()).isFalse();
    assertThat(context.getLogger("org.eclipse.jetty.server").isWarnEnabled()).isTrue();
    ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    assertThat(stderr.isStarted()).isTrue();
    context.stop();
  }

  @Test
  void aLogbackTestXmlOnTheClassPathWins() {
    // this module's tests have one (src/test/resources)
    LoggerContext context = new LoggerContext();
    assertThat(new QuietLogging().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
        .isFalse();
  }

  @Test
  void logbackFindsItAsAService() {
    assertThat(
            ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(ServiceLoader.Provider::type))
        .contains(QuietLogging.class);
  }
}
