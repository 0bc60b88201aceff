package io.s3clean.localcloud.lambda;

import io.s3clean.config.Environment;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a handler named by the template the way the embedded cloud needs it: configuration from
 * the template's environment (never the process's), SDK clients from the cloud. Every s3clean
 * handler has a nested {@code Config} record with {@code from(Environment)} and a constructor
 * taking that Config and its clients (docs/design.md).
 */
public final class HandlerFactory {
  private HandlerFactory() {}

  /**
   * @param clients the SDK client of a requested type, or null if the cloud has none
   * @throws HandlerException naming what is missing: class, method, Config or constructor
   */
  public static Object create(
      String handler, Map<String, String> environment, Function<Class<?>, Object> clients) {
    String[] parts = handler.split("::");
    if (parts.length != 2) {
      throw new HandlerException(
          "handler '" + handler + "' is not of the form package.Class::method");
    }
    Class<?> type = load(parts[0]);
    if (Arrays.stream(type.getMethods()).noneMatch(m -> m.getName().equals(parts[1]))) {
      throw new HandlerException("handler class " + parts[0] + " has no public method " + parts[1]);
    }
    Class<?> configType =
        Arrays.stream(type.getDeclaredClasses())
            .filter(c -> c.getSimpleName().equals("Config"))
            .findFirst()
            .orElseThrow(() -> new HandlerException(parts[0] + " has no nested Config record"));
    Object config = invokeStatic(configType, "from", new Environment(environment::get));
    Constructor<?> constructor =
        Arrays.stream(type.getConstructors())
            .filter(c -> c.getParameterCount() > 0 && c.getParameterTypes()[0] == configType)
            .findFirst()
            .orElseThrow(
                () -> new HandlerException(parts[0] + " has no constructor taking its Config"));
    Object[] arguments = new Object[constructor.getParameterCount()];
    arguments[0] = config;
    for (int i = 1; i < arguments.length; i++) {
      Class<?> wanted = constructor.getParameterTypes()[i];
      arguments[i] = clients.apply(wanted);
      if (arguments[i] == null) {
        throw new HandlerException(
            parts[0]
                + " needs a "
                + wanted.getSimpleName()
                + ", which the embedded cloud does not provide");
      }
    }
    try {
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      throw new HandlerException(
          parts[0] + " failed to initialise: " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new HandlerException(parts[0] + " cannot be constructed: " + e.getMessage(), e);
    }
  }

  private static Class<?> load(String className) {
    try {
      return Class.forName(className);
    } catch (ClassNotFoundException e) {
      // the Java runtime's words for a handler class the code does not hold
      throw new HandlerException("Class not found: " + className, e);
    }
  }

  private static Object invokeStatic(Class<?> type, String name, Object argument) {
    try {
      Method method = type.getMethod(name, argument.getClass());
      return method.invoke(null, argument);
    } catch (InvocationTargetException e) {
      // a ConfigurationException names the variable; keep its message as the whole story
      throw new HandlerException(e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new HandlerException(type.getName() + " has no static " + name + "(Environment)", e);
    }
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
