package io.s3clean.localcloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.s3clean.handler.HandlerRegistry;
import io.s3clean.handler.SizeTrackingHandler;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A function the registry cannot build fails the way Lambda's runtime says it does. */
class HandlerFactoryTest {
  @Test
  void aClassTheCodeDoesNotHoldFailsAsTheJavaRuntimeSaysIt() {
    HandlerFactory.HandlerException e = failure("io.s3clean.handler.NoSuchHandler::handleRequest");

    assertThat(e).hasMessage("Class not found: io.s3clean.handler.NoSuchHandler");
    assertThat(e.initFailure().errorType()).isEqualTo("java.lang.ClassNotFoundException");
  }

  @Test
  void aClassOnTheClassPathThatIsNotRegisteredIsNamedAsUnregistered() {
    HandlerFactory.HandlerException e = failure(HandlerRegistry.nameOf(HandlerFactoryTest.class));

    assertThat(e)
        .hasMessage(
            HandlerRegistry.nameOf(HandlerFactoryTest.class)
                + " is not in the handler registry the embedded cloud builds functions from");
    assertThat(e.initFailure().errorType()).isEqualTo("Runtime.HandlerNotFound");
  }

  @Test
  void aHandlerWithoutAMethodIsRefused() {
    assertThat(failure("io.s3clean.handler.SizeTrackingHandler"))
        .hasMessage(
            "handler 'io.s3clean.handler.SizeTrackingHandler' is not of the form"
                + " package.Class::method");
  }

  @Test
  void aMissingVariableIsNamedByTheHandlersConfig() {
    HandlerFactory.HandlerException e = failure(HandlerRegistry.nameOf(SizeTrackingHandler.class));

    assertThat(e.getMessage()).contains("OBJECT_TABLE");
    assertThat(e.initFailure().errorType()).isEqualTo("io.s3clean.config.ConfigurationException");
  }

  @Test
  void aHandlerWhoseConstructorThrowsFailsToInitialiseWithItsMessage() {
    HandlerRegistry throwing =
        HandlerRegistry.standard()
            .with(
                HandlerFactoryTest.class,
                (env, clients) -> {
                  throw new IllegalStateException("no table today");
                });

    assertThatExceptionOfType(HandlerFactory.HandlerException.class)
        .isThrownBy(
            () ->
                HandlerFactory.create(
                    throwing,
                    HandlerRegistry.nameOf(HandlerFactoryTest.class),
                    Map.of(),
                    TestHandlers.NO_CLIENTS))
        .withMessage(HandlerFactoryTest.class.getName() + " failed to initialise: no table today");
  }

  @Test
  void registeringOneHandlerTwiceIsRefused() {
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(
            () ->
                HandlerRegistry.standard()
                    .with(SizeTrackingHandler.class, (env, clients) -> new Object()))
        .withMessageContaining("registered already");
  }

  private static HandlerFactory.HandlerException failure(String handler) {
    try {
      HandlerFactory.create(HandlerRegistry.standard(), handler, Map.of(), TestHandlers.NO_CLIENTS);
    } catch (HandlerFactory.HandlerException e) {
      return e;
    }
    throw new AssertionError(handler + " was built");
  }
}
