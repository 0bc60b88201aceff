package io.s3clean.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes, wherever they stand on the command line. As with the AWS CLI, a flag
 * beats an environment variable, which beats the default; {@code --profile}, {@code --region} and
 * {@code --endpoint-url} override the SDK's own chain only when given.
 */
public final class GlobalOptions {
  public enum Target {
    local,
    aws
  }

  public enum Output {
    table,
    json,
    text,
    csv
  }

  @Option(
      names = "--target",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:S3CLEAN_TARGET:-local}",
      description =
          "Where the stack runs: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; env S3CLEAN_TARGET).")
  Target target;

  @Option(
      names = "--stack-name",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:S3CLEAN_STACK_NAME:-s3clean}",
      description =
          "Stack name: lower case, at most 27 characters, not starting a bucket name S3 reserves"
              + " (xn--, sthree-, amzn-s3-demo-) (default: ${DEFAULT-VALUE}).")
  String stackName;

  @Option(names = "--profile", scope = ScopeType.INHERIT, description = "AWS profile (aws target).")
  String profile;

  @Option(names = "--region", scope = ScopeType.INHERIT, description = "AWS region (aws target).")
  String region;

  @Option(
      names = "--endpoint-url",
      scope = ScopeType.INHERIT,
      description = "Send every AWS call to this endpoint, e.g. a moto server (aws target).")
  String endpointUrl;

  @Option(
      names = "--output",
      scope = ScopeType.INHERIT,
      defaultValue = "table",
      description = "Result format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Output output;

  @Option(
      names = "--data-dir",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:S3CLEAN_DATA_DIR:-${sys:user.home}/.s3clean}",
      description =
          "Where the embedded cloud keeps its state (local target; default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--time-scale",
      scope = ScopeType.INHERIT,
      defaultValue = "60",
      description =
          "Simulated seconds per real second on the embedded cloud (local target; default: ${DEFAULT-VALUE}).")
  double timeScale;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "More progress detail; stack traces of failures.")
  boolean verbose;

  public Target target() {
    return target;
  }

  /**
   * The stack name, once it is known to make valid S3 bucket names; every command asks for it
   * before it opens a target, so a bad one is refused before anything is started, uploaded or
   * created.
   */
  public String stackName() {
    if (!stackName.matches("[a-z][a-z0-9-]{0,26}")) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER,
          "--stack-name '"
              + stackName
              + "' must start with a lower-case letter and hold at most 27 lower-case letters, digits and hyphens"
              + " (it becomes part of S3 bucket names)");
    }
    BucketNames.stackProblem(stackName)
        .ifPresent(
            problem -> {
              throw new CliException(
                  ExitCodes.BAD_PARAMETER,
                  "--stack-name '" + stackName + "' cannot name S3 buckets: " + problem);
            });
    return stackName;
  }

  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }

  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  public Optional<String> endpointUrl() {
    return Optional.ofNullable(endpointUrl);
  }

  public Output output() {
    return output;
  }

  public Path dataDir() {
    return dataDir;
  }

  public double timeScale() {
    if (!(timeScale >= 1 && timeScale <= 3600)) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER, "--time-scale must be between 1 and 3600, not " + timeScale);
    }
    return timeScale;
  }

  public boolean verbose() {
    return verbose;
  }
}
