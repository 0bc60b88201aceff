package io.s3clean.cli;

/** Exit statuses in the AWS CLI's spirit, named once for every command. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int INTERRUPTED = 130;
  public static final int BAD_PARAMETER = 252;
  public static final int BAD_ENVIRONMENT = 253;
  public static final int SERVICE_ERROR = 254;
  public static final int OTHER_FAILURE = 255;

  private ExitCodes() {}
}
