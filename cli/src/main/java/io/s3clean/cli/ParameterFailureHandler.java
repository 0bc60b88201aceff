package io.s3clean.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Command-line errors, split as the AWS CLI splits them: a value that is not what its option takes
 * (a bad duration, an unknown alarm state) is a bad parameter, 252, in one line; anything else
 * picocli cannot parse (an unknown option, a missing argument) stays a usage error, 2, with help.
 */
final class ParameterFailureHandler implements IParameterExceptionHandler {
  private final IParameterExceptionHandler usage;

  ParameterFailureHandler(IParameterExceptionHandler usage) {
    this.usage = usage;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) throws Exception {
    if (e.getCause() instanceof TypeConversionException) {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println("s3clean: " + e.getMessage());
      cmd.getErr().flush();
      return ExitCodes.BAD_PARAMETER;
    }
    return usage.handleParseException(e, args);
  }
}
