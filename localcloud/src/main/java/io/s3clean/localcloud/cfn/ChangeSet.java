package io.s3clean.localcloud.cfn;

import java.time.Instant;
import java.util.List;

/**
 * A change set of the stack: what a template and parameter values would change, and how far it has
 * come (its {@code status} as created, its {@code executionStatus} once executed), in
 * CloudFormation's words.
 *
 * @param type CREATE or UPDATE
 */
public record ChangeSet(
    String id,
    String name,
    String stackId,
    String stackName,
    String type,
    String description,
    StackRecord.Deployed target,
    List<ResourceChange> changes,
    String status,
    String statusReason,
    String executionStatus,
    Instant created) {

  public ChangeSet {
    changes = List.copyOf(changes);
  }

  public ChangeSet executing(String executionStatus) {
    return new ChangeSet(
        id,
        name,
        stackId,
        stackName,
        type,
        description,
        target,
        changes,
        status,
        statusReason,
        executionStatus,
        created);
  }
}
