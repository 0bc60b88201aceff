package io.s3clean.cli.target;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import java.util.Map;
import java.util.Properties;

/**
 * The loopback port of the embedded cloud's one AWS endpoint: fixed, so that an {@code
 * AWS_ENDPOINT_URL} a shell took from {@code s3clean local env} still reaches the cloud after it
 * stopped when idle and a later command started it again. {@value #VARIABLE} (or the system
 * property {@value #PROPERTY}, which the tests set to 0) chooses another; 0 is any free one.
 */
public final class CloudPort {
  public static final int DEFAULT = 4599;
  public static final String VARIABLE = "S3CLEAN_PORT";
  public static final String PROPERTY = "s3clean.port";

  private CloudPort() {}

  /** The port this process's settings choose. */
  public static int configured() {
    return configured(System.getProperties(), System.getenv());
  }

  static int configured(Properties properties, Map<String, String> environment) {
    String property = properties.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return parse(property, "the system property " + PROPERTY);
    }
    String variable = environment.get(VARIABLE);
    if (variable != null && !variable.isBlank()) {
      return parse(variable, VARIABLE);
    }
    return DEFAULT;
  }

  /** A port number from 0 to 65535, or a one-line refusal naming where it came from. */
  public static int parse(String value, String source) {
    try {
      int port = Integer.parseInt(value.strip());
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new CliException(
        ExitCodes.BAD_PARAMETER, source + " '" + value + "' is not a port from 0 to 65535");
  }
}
