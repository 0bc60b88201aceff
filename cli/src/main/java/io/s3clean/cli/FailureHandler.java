package io.s3clean.cli;

import io.s3clean.ledger.LedgerBusyException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place where a failure becomes an exit code and a line on stderr. Expected failures never
 * show a stack trace; {@code -v} adds one for the unexpected.
 */
public final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    boolean verbose =
        cmd.getCommandSpec().root().userObject() instanceof S3cleanCommand root
            && root.global() != null
            && root.global().verbose();
    int code;
    String message;
    if (e instanceof CliException cli) {
      code = cli.exitCode();
      message = cli.getMessage();
    } else if (e instanceof LedgerBusyException busy) {
      code = ExitCodes.OTHER_FAILURE;
      message = busy.getMessage();
    } else if (e instanceof AwsServiceException aws) {
      code = isCredentials(aws) ? ExitCodes.BAD_ENVIRONMENT : ExitCodes.SERVICE_ERROR;
      message = serviceMessage(aws);
    } else if (e instanceof InterruptedException
        || e instanceof AbortedException
        || Thread.currentThread().isInterrupted()) {
      // Ctrl-C interrupts the command thread; the SDK reports that as an aborted call.
      code = ExitCodes.INTERRUPTED;
      message = "interrupted";
    } else if (e instanceof SdkClientException client) {
      code = ExitCodes.BAD_ENVIRONMENT;
      message = client.getMessage();
    } else {
      code = ExitCodes.OTHER_FAILURE;
      message = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    // One line, whatever the service or exception put in its message.
    cmd.getErr().println("s3clean: " + firstLine(message));
    // an expected failure, even of the domain's own, shows no stack trace, -v or not
    if (verbose && !(e instanceof CliException) && !(e instanceof LedgerBusyException)) {
      e.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return code;
  }

  /**
   * "S3 NoSuchBucket: ..." when the service said what went wrong; its HTTP status when it did not.
   */
  static String serviceMessage(AwsServiceException e) {
    var details = e.awsErrorDetails();
    if (details == null) {
      return e.getMessage();
    }
    String service = details.serviceName() == null ? "the service" : details.serviceName();
    if (details.errorCode() == null) {
      return service
          + " answered HTTP "
          + e.statusCode()
          + (details.errorMessage() == null
              ? " without saying why"
              : ": " + details.errorMessage());
    }
    return service + " " + details.errorCode() + ": " + details.errorMessage();
  }

  /** A failure of a call to AWS as one line, for commands that carry on after one. */
  public static String oneLine(Exception e) {
    return firstLine(e instanceof AwsServiceException aws ? serviceMessage(aws) : e.getMessage());
  }

  private static String firstLine(String message) {
    return message == null ? "unknown client failure" : message.lines().findFirst().orElse(message);
  }

  private static boolean isCredentials(AwsServiceException e) {
    String code =
        e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    return e.statusCode() == 403
        && (code.contains("InvalidClientTokenId")
            || code.contains("SignatureDoesNotMatch")
            || code.contains("ExpiredToken")
            || code.contains("UnrecognizedClient"));
  }
}
