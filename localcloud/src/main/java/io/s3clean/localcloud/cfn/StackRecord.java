package io.s3clean.localcloud.cfn;

import io.s3clean.localcloud.provision.DeployedStack;
import io.s3clean.localcloud.provision.StackEvent;
import io.s3clean.template.CloudFormationTemplate;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What CloudFormation keeps of a stack the embedded cloud deployed: its id, when it was created,
 * the template and parameters it runs with, its resources and outputs, and every stack event.
 */
public final class StackRecord {
  private final String stackId;
  private final String name;
  private final CloudFormationTemplate template;
  private final List<StackEvent> events = new CopyOnWriteArrayList<>();
  private volatile Instant created;
  private volatile DeployedStack deployed;

  public StackRecord(String region, String accountId, String name, CloudFormationTemplate template) {
    this.name = name;
    this.template = template;
    this.stackId = "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + name + "/" + UUID.randomUUID();
  }

  /** Records each event, then passes it on. */
  public Consumer<StackEvent> recording(Consumer<StackEvent> next) {
    return event -> {
      if (created == null) {
        created = event.time();
      }
      events.add(event);
      next.accept(event);
    };
  }

  public void completed(DeployedStack stack) {
    this.deployed = stack;
  }

  public String stackId() {
    return stackId;
  }

  public String name() {
    return name;
  }

  public CloudFormationTemplate template() {
    return template;
  }

  /** Oldest first. */
  public List<StackEvent> events() {
    return List.copyOf(events);
  }

  public Instant created() {
    return created == null ? Instant.EPOCH : created;
  }

  /** The deployed stack, or null while it is being created. */
  public DeployedStack deployed() {
    return deployed;
  }
}
