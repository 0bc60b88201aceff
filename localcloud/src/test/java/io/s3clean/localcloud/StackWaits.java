package io.s3clean.localcloud;

import io.s3clean.dynamodb.testing.AwsCli;

/**
 * Waiting for a stack operation through the real AWS CLI without its waiters, which poll every 30
 * seconds: a stack of the embedded cloud settles in a few.
 */
public final class StackWaits {
  private StackWaits() {}

  /**
   * The stack's status once no operation is in progress on it (DELETE_COMPLETE once it is gone), or
   * the status it has after two minutes.
   */
  public static String settled(AwsCli aws, String stack) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (true) {
      AwsCli.Run described = aws.run("cloudformation", "describe-stacks", "--stack-name", stack);
      String status =
          described.exitCode() != 0 && described.stderr().contains("does not exist")
              ? "DELETE_COMPLETE"
              : described.json().at("/Stacks/0/StackStatus").asText();
      if (!status.endsWith("_IN_PROGRESS") || System.nanoTime() > deadline) {
        return status;
      }
      Thread.sleep(250);
    }
  }
}
