package io.s3clean.cli.target;

import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** DescribeStacks, where "does not exist" is an answer rather than a failure. */
final class Stacks {
  private Stacks() {}

  /**
   * @param nameOrId a name finds live stacks only; an id also finds a deleted one
   */
  static Optional<Stack> describe(CloudFormationClient cloudFormation, String nameOrId) {
    try {
      return cloudFormation.describeStacks(r -> r.stackName(nameOrId)).stacks().stream()
          .findFirst();
    } catch (CloudFormationException e) {
      if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("does not exist")) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
