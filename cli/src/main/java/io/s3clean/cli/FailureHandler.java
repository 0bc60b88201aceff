package io.s3clean.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place where a failure becomes an exit code and a line on stderr. Expected failures
 * never show a stack trace; {@code -v} adds one for the unexpected.
 */
public final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    boolean verbose = cmd.getCommandSpec().root().userObject() instanceof S3cleanCommand root
        && root.global() != null && root.global().verbose();
    int code;
    String message;
    if (e instanceof CliException cli) {
      code = cli.exitCode();
      message = cli.getMessage();
    } else if (e instanceof AwsServiceException aws) {
      code = isCredentials(aws) ? ExitCodes.BAD_ENVIRONMENT : ExitCodes.SERVICE_ERROR;
      message = aws.awsErrorDetails() == null
          ? aws.getMessage()
          : aws.awsErrorDetails().serviceName() + " " + aws.awsErrorDetails().errorCode() + ": "
              + aws.awsErrorDetails().errorMessage();
    } else if (e instanceof SdkClientException client) {
      code = ExitCodes.BAD_ENVIRONMENT;
      message = client.getMessage();
    } else if (e instanceof InterruptedException) {
      code = ExitCodes.INTERRUPTED;
      message = "interrupted";
    } else {
      code = ExitCodes.OTHER_FAILURE;
      message = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    cmd.getErr().println("s3clean: " + message);
    if (verbose && !(e instanceof CliException)) {
      e.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return code;
  }

  private static boolean isCredentials(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    return e.statusCode() == 403 && (code.contains("InvalidClientTokenId") || code.contains("SignatureDoesNotMatch")
        || code.contains("ExpiredToken") || code.contains("UnrecognizedClient"));
  }
}
