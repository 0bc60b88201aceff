package io.s3clean.cli;

/**
 * An expected failure: bad input, a missing stack, wrong credentials, a timeout. Its message is the
 * one line the operator sees; its exit code is one of {@link ExitCodes}. Never a stack trace.
 */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
