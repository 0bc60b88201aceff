package io.s3clean.cli.target;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.Sleep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * A stack deployment as {@code aws cloudformation deploy} and {@code sam deploy} do it: a change
 * set (CREATE for a new stack or one left in REVIEW_IN_PROGRESS, UPDATE otherwise), an empty change
 * set counted as success, execution, and the stack's events streamed until it settles.
 */
final class ChangeSetDeployment {
  /** What CloudFormation says of a change set that changes nothing; older stacks say the second. */
  private static final List<String> NO_CHANGES =
      List.of("The submitted information didn't contain changes", "No updates are to be performed");

  private static final Set<String> SUCCESS =
      Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE");

  private final CloudFormationClient cloudFormation;
  private final String stackName;
  private final Consumer<String> progress;
  private final Duration pollInterval;
  private final Duration timeout;

  ChangeSetDeployment(
      CloudFormationClient cloudFormation,
      String stackName,
      Consumer<String> progress,
      Duration pollInterval,
      Duration timeout) {
    this.cloudFormation = cloudFormation;
    this.stackName = stackName;
    this.progress = progress;
    this.pollInterval = pollInterval;
    this.timeout = timeout;
  }

  /**
   * @param parameters the values to set; on an update, every other parameter of the template that
   *     the stack has keeps its previous value, as {@code aws cloudformation deploy} does
   * @param templateParameters every parameter the template declares
   */
  Stack deploy(
      String templateBody, Map<String, String> parameters, Collection<String> templateParameters) {
    Optional<Stack> existing = requireDeployable();
    ChangeSetType type =
        existing.isEmpty() || "REVIEW_IN_PROGRESS".equals(existing.get().stackStatusAsString())
            ? ChangeSetType.CREATE
            : ChangeSetType.UPDATE;
    List<Parameter> values =
        parameterValues(
            parameters,
            templateParameters,
            type == ChangeSetType.UPDATE
                ? existing.get().parameters().stream()
                    .map(Parameter::parameterKey)
                    .collect(Collectors.toSet())
                : Set.of());

    String changeSetName = "s3clean-" + Instant.now().toEpochMilli();
    progress.accept(
        (type == ChangeSetType.CREATE ? "Creating" : "Updating")
            + " stack "
            + stackName
            + " through change set "
            + changeSetName);
    CreateChangeSetResponse created;
    try {
      created =
          cloudFormation.createChangeSet(
              r ->
                  r.stackName(stackName)
                      .changeSetName(changeSetName)
                      .changeSetType(type)
                      .templateBody(templateBody)
                      .parameters(values)
                      .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM)
                      .description("s3clean deploy"));
    } catch (CloudFormationException e) {
      // Some implementations refuse an empty change set right away instead of failing it later.
      if (meansNoChanges(e.getMessage())) {
        return upToDate();
      }
      throw e;
    }

    DescribeChangeSetResponse changeSet = awaitChangeSet(created.id());
    if (changeSet.status() == ChangeSetStatus.FAILED) {
      String reason = String.valueOf(changeSet.statusReason());
      if (meansNoChanges(reason)) {
        cloudFormation.deleteChangeSet(r -> r.changeSetName(created.id()));
        return upToDate();
      }
      throw new CliException(
          ExitCodes.SERVICE_ERROR,
          "change set " + changeSetName + " of stack " + stackName + " failed: " + reason);
    }
    progress.accept(changeSet.changes().size() + " resource change(s); executing");

    StackEvents events = new StackEvents(cloudFormation, created.stackId(), progress);
    events.skipExisting();
    cloudFormation.executeChangeSet(r -> r.changeSetName(created.id()));
    Stack settled = awaitSettled(created.stackId(), events);
    if (!SUCCESS.contains(settled.stackStatusAsString())) {
      throw new CliException(
          ExitCodes.SERVICE_ERROR,
          "deploy of stack "
              + stackName
              + " failed ("
              + settled.stackStatusAsString()
              + "): "
              + events
                  .firstFailure()
                  .orElse(
                      Optional.ofNullable(settled.stackStatusReason()).orElse("no reason given")));
    }
    progress.accept("Stack " + stackName + " is " + settled.stackStatusAsString());
    return settled;
  }

  private static boolean meansNoChanges(String message) {
    return message != null && NO_CHANGES.stream().anyMatch(message::contains);
  }

  private Stack upToDate() {
    progress.accept("No changes to deploy. Stack " + stackName + " is up to date");
    return Stacks.describe(cloudFormation, stackName).orElseThrow();
  }

  /**
   * The stack as it is, if there is one; a stack CloudFormation cannot update is explained in one
   * line, with what to do about it. Checked before the code is uploaded too, so that fails fast.
   */
  Optional<Stack> requireDeployable() {
    Optional<Stack> stack = Stacks.describe(cloudFormation, stackName);
    stack.ifPresent(this::requireDeployable);
    return stack;
  }

  private void requireDeployable(Stack stack) {
    String status = stack.stackStatusAsString();
    String destroy =
        "delete it with `s3clean destroy --target aws --stack-name "
            + stackName
            + "`, then deploy again";
    if ("ROLLBACK_COMPLETE".equals(status)) {
      throw new CliException(
          ExitCodes.SERVICE_ERROR,
          "stack "
              + stackName
              + " is ROLLBACK_COMPLETE: its creation failed and CloudFormation cannot update it; "
              + destroy);
    }
    if (status.endsWith("_FAILED")) {
      throw new CliException(
          ExitCodes.SERVICE_ERROR,
          "stack " + stackName + " is " + status + " and cannot be updated; " + destroy);
    }
    if (status.endsWith("_IN_PROGRESS") && !"REVIEW_IN_PROGRESS".equals(status)) {
      throw new CliException(
          ExitCodes.SERVICE_ERROR,
          "stack "
              + stackName
              + " is busy ("
              + status
              + "); wait until it settles and deploy again");
    }
  }

  private static List<Parameter> parameterValues(
      Map<String, String> given, Collection<String> templateParameters, Set<String> stackHas) {
    List<Parameter> values = new ArrayList<>();
    given.forEach(
        (key, value) ->
            values.add(Parameter.builder().parameterKey(key).parameterValue(value).build()));
    for (String name : templateParameters) {
      if (!given.containsKey(name) && stackHas.contains(name)) {
        values.add(Parameter.builder().parameterKey(name).usePreviousValue(true).build());
      }
    }
    return values;
  }

  private DescribeChangeSetResponse awaitChangeSet(String changeSetId) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      DescribeChangeSetResponse changeSet =
          cloudFormation.describeChangeSet(r -> r.changeSetName(changeSetId));
      if (changeSet.status() == ChangeSetStatus.CREATE_COMPLETE
          || changeSet.status() == ChangeSetStatus.FAILED) {
        return changeSet;
      }
      requireBefore(
          deadline, "change set " + changeSetId + " (" + changeSet.statusAsString() + ")");
      Sleep.sleep(pollInterval);
    }
  }

  /** Streams events until the stack leaves every *_IN_PROGRESS state. */
  Stack awaitSettled(String stackId, StackEvents events) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      events.printNew();
      Optional<Stack> stack = Stacks.describe(cloudFormation, stackId);
      if (stack.isEmpty()) {
        throw new CliException(
            ExitCodes.SERVICE_ERROR, "stack " + stackName + " disappeared while deploying");
      }
      if (!stack.get().stackStatusAsString().endsWith("_IN_PROGRESS")) {
        events.printNew();
        return stack.get();
      }
      requireBefore(
          deadline, "stack " + stackName + " (" + stack.get().stackStatusAsString() + ")");
      Sleep.sleep(pollInterval);
    }
  }

  private void requireBefore(Instant deadline, String what) {
    if (Instant.now().isAfter(deadline)) {
      throw new CliException(
          ExitCodes.OTHER_FAILURE,
          "timed out after " + timeout.toMinutes() + " min waiting for " + what);
    }
  }
}
