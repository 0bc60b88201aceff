package io.s3clean.localcloud.cfn;

import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import io.s3clean.localcloud.query.QueryProtocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CloudFormation for every stack of the account that the endpoint hosts: each request goes to the
 * stack its StackName names (a name or a stack id), a CREATE change set or CreateStack for a name
 * no stack has makes a new stack, and DescribeStacks without a name lists them all, as on AWS.
 */
public final class AccountCloudFormation implements ServiceHandler {
  private static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

  /** CloudFormation's rule for a stack name. */
  private static final String STACK_NAME = "[a-zA-Z][-a-zA-Z0-9]{0,127}";

  /** The account's stacks, as the cloud that runs them keeps them. */
  public interface Stacks {
    /**
     * The stack of this name (deleted ones included, until a stack of the name is created again).
     */
    Optional<CloudFormationService> named(String name);

    /**
     * A new stack of this name, not created yet: what a CREATE change set starts from.
     *
     * @throws UnsupportedOperationException when the cloud can make no more stacks, saying why
     */
    CloudFormationService create(String name);

    /** Forgets a stack {@link #create} made that no change set went on to name. */
    void discard(String name);

    /** Every stack, the first created first. */
    List<CloudFormationService> all();
  }

  private final Stacks stacks;
  private final Object creations = new Object();

  public AccountCloudFormation(Stacks stacks) {
    this.stacks = stacks;
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    Map<String, String> form;
    try {
      form = request.formBody();
    } catch (IllegalArgumentException e) {
      return QueryProtocol.error(
          NAMESPACE,
          400,
          "Sender",
          "ValidationError",
          "The request body is not a query form: " + e.getMessage());
    }
    String action = form.getOrDefault("Action", "");
    String stackName = form.getOrDefault("StackName", "");
    if (!stackName.isEmpty()) {
      return onStack(request, action, nameOf(stackName), form);
    }
    String changeSet = form.getOrDefault("ChangeSetName", "");
    if (changeSet.startsWith("arn:")) {
      // a change set's id names no stack: the stack that made it answers
      for (CloudFormationService stack : stacks.all()) {
        if (stack.hasChangeSet(changeSet)) {
          return stack.handle(request);
        }
      }
    }
    if (action.equals("DescribeStacks")) {
      return allStacks(stacks.all());
    }
    // a request of no stack (ValidateTemplate, GetTemplateSummary of a body) or one no stack knows:
    // any stack's service gives the account's answer
    return stacks.all().get(0).handle(request);
  }

  private AwsResponse onStack(
      AwsRequest request, String action, String name, Map<String, String> form) {
    Optional<CloudFormationService> known =
        stacks.named(name).filter(stack -> stack.stack().exists());
    if (known.isPresent()) {
      return known.get().handle(request);
    }
    boolean creates =
        action.equals("CreateStack")
            || action.equals("CreateChangeSet") && "CREATE".equals(form.get("ChangeSetType"));
    if (creates && !name.matches(STACK_NAME)) {
      return QueryProtocol.error(
          NAMESPACE,
          400,
          "Sender",
          "ValidationError",
          "1 validation error detected: Value '"
              + name
              + "' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern:"
              + " [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*");
    }
    if (creates) {
      // one creation at a time: a refused one must not discard the stack another is creating
      synchronized (creations) {
        CloudFormationService stack;
        try {
          stack = stacks.named(name).orElseGet(() -> stacks.create(name));
        } catch (UnsupportedOperationException e) {
          return QueryProtocol.error(NAMESPACE, 400, "Sender", "ValidationError", e.getMessage());
        }
        AwsResponse response = stack.handle(request);
        if (!stack.stack().exists()) {
          stacks.discard(name); // the request was refused: no stack was made
        }
        return response;
      }
    }
    // a stack that never was: its service says so in CloudFormation's words (or, for DeleteStack,
    // does nothing)
    return stacks.all().get(0).handle(request);
  }

  /** DescribeStacks of no name: every stack's member, in one answer. */
  private static AwsResponse allStacks(List<CloudFormationService> stacks) {
    StringBuilder members = new StringBuilder();
    stacks.forEach(stack -> stack.listedMember().ifPresent(members::append));
    return QueryProtocol.ok(
        NAMESPACE,
        "DescribeStacks",
        "<DescribeStacksResult><Stacks>" + members + "</Stacks></DescribeStacksResult>");
  }

  /** A stack id (arn:aws:cloudformation:region:account:stack/NAME/uuid) names its stack too. */
  private static String nameOf(String nameOrId) {
    if (nameOrId.startsWith("arn:") && nameOrId.contains(":stack/")) {
      String rest = nameOrId.substring(nameOrId.indexOf(":stack/") + ":stack/".length());
      int slash = rest.indexOf('/');
      return slash < 0 ? rest : rest.substring(0, slash);
    }
    return nameOrId;
  }
}
