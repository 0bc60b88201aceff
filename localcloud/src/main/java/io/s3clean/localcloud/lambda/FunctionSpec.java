package io.s3clean.localcloud.lambda;

import java.util.Map;

/**
 * A function as the template defines it, with every value already resolved.
 *
 * @param handler {@code package.Class::method}
 */
public record FunctionSpec(
    String name, String arn, String handler, Map<String, String> environment, int timeoutSeconds,
    int memoryMb, String logGroup) {
  public FunctionSpec {
    environment = Map.copyOf(environment);
  }
}
