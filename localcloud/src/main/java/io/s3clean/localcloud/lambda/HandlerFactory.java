package io.s3clean.localcloud.lambda;

import io.s3clean.config.ConfigurationException;
import io.s3clean.config.Environment;
import io.s3clean.handler.HandlerRegistry;
import java.util.Map;

/**
 * Builds a handler named by the template the way the embedded cloud needs it: by its factory in a
 * {@link HandlerRegistry}, with configuration from the template's environment (never the process's)
 * and SDK clients from the cloud.
 */
public final class HandlerFactory {
  private HandlerFactory() {}

  /**
   * @throws HandlerException saying what Lambda's runtime would: a class the code does not hold, a
   *     variable its Config refuses, a constructor that throws
   */
  public static Object create(
      HandlerRegistry registry,
      String handler,
      Map<String, String> environment,
      HandlerRegistry.Clients clients) {
    int separator = handler.indexOf("::");
    if (separator < 0) {
      throw new HandlerException(
          "handler '" + handler + "' is not of the form package.Class::method");
    }
    String className = handler.substring(0, separator);
    HandlerRegistry.Factory factory =
        registry.factory(handler).orElseThrow(() -> unregistered(className, handler));
    try {
      return factory.create(new Environment(environment::get), clients);
    } catch (ConfigurationException e) {
      // it names the variable; its message is the whole story
      throw new HandlerException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new HandlerException(className + " failed to initialise: " + e.getMessage(), e);
    }
  }

  private static HandlerException unregistered(String className, String handler) {
    try {
      Class.forName(className, false, HandlerFactory.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      // the Java runtime's words for a handler class the code does not hold
      return new HandlerException("Class not found: " + className, e);
    }
    return new HandlerException(
        handler + " is not in the handler registry the embedded cloud builds functions from");
  }

  /** A function that cannot be set up from its template definition. */
  public static final class HandlerException extends RuntimeException {
    public HandlerException(String message) {
      super(message);
    }

    public HandlerException(String message, Throwable cause) {
      super(message, cause);
    }

    /**
     * How each invocation of the function fails: the error type is what the runtime met, if it met
     * one.
     */
    public HostedFunction.InitFailure initFailure() {
      Throwable cause = getCause();
      return new HostedFunction.InitFailure(
          cause == null ? "Runtime.HandlerNotFound" : cause.getClass().getName(), getMessage());
    }
  }
}
