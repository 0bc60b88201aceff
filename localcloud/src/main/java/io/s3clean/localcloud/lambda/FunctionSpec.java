package io.s3clean.localcloud.lambda;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A function as the template defines it, with every value already resolved.
 *
 * @param handler {@code package.Class::method}
 * @param runtime e.g. {@code java21}, as the template names it (the code runs on this JVM whatever
 *     it says)
 * @param roleArn the execution role's ARN; empty when the function was built without a template
 * @param lastModified when it was deployed, on the cloud's clock
 */
public record FunctionSpec(
    String name,
    String arn,
    String handler,
    Map<String, String> environment,
    int timeoutSeconds,
    int memoryMb,
    String logGroup,
    String runtime,
    String roleArn,
    String description,
    Instant lastModified) {
  public FunctionSpec {
    environment = Map.copyOf(environment);
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(roleArn, "roleArn");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(lastModified, "lastModified");
  }

  /**
   * A function outside any template (tests): runtime java21, no role, no description, deployed now.
   */
  public FunctionSpec(
      String name,
      String arn,
      String handler,
      Map<String, String> environment,
      int timeoutSeconds,
      int memoryMb,
      String logGroup) {
    this(
        name,
        arn,
        handler,
        environment,
        timeoutSeconds,
        memoryMb,
        logGroup,
        "java21",
        "",
        "",
        Instant.now());
  }
}
