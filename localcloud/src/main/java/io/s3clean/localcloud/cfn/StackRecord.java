package io.s3clean.localcloud.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3clean.localcloud.provision.DeployedStack;
import io.s3clean.localcloud.provision.StackEvent;
import io.s3clean.template.CloudFormationTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What CloudFormation keeps of a stack the embedded cloud deployed: its id, when it was created,
 * the template and parameters it runs with, its resources and outputs, and every stack event.
 * With a file, the id, the creation time and the events outlive the cloud: a restart over the
 * same data re-creates nothing, so it keeps them as they were and records no events of its own,
 * as a stack on AWS keeps its id and its history.
 */
public final class StackRecord {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String stackId;
  private final String name;
  private final CloudFormationTemplate template;
  private final List<StackEvent> events = new CopyOnWriteArrayList<>();
  private final Optional<Path> file;
  private final boolean restart;
  private volatile Instant created;
  private volatile DeployedStack deployed;

  /** A record in memory only, of a stack being created. */
  public StackRecord(String region, String accountId, String name, CloudFormationTemplate template) {
    this(region, accountId, name, template, Optional.empty(), false);
  }

  /**
   * @param file where the record is kept; what it holds for this stack is read first
   * @param restart the stack exists and is started again, not deployed: its events are not recorded
   */
  public StackRecord(String region, String accountId, String name, CloudFormationTemplate template,
      Optional<Path> file, boolean restart) {
    this.name = name;
    this.template = template;
    this.file = file;
    JsonNode kept = file.filter(Files::isRegularFile).map(StackRecord::read)
        .filter(node -> node.path("stackName").asText().equals(name))
        .orElse(null);
    this.restart = restart && kept != null;
    if (kept != null) {
      this.stackId = kept.path("stackId").asText();
      this.created = Instant.parse(kept.path("created").asText());
      for (JsonNode event : kept.path("events")) {
        events.add(new StackEvent(Instant.parse(event.path("time").asText()), event.path("logicalId").asText(),
            event.path("resourceType").asText(), event.path("status").asText(),
            event.path("reason").isNull() ? null : event.path("reason").asText()));
      }
    } else {
      this.stackId = "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + name + "/" + UUID.randomUUID();
    }
  }

  /** Records each event, then passes it on; a restart's are passed on only. */
  public Consumer<StackEvent> recording(Consumer<StackEvent> next) {
    return event -> {
      if (!restart) {
        if (created == null) {
          created = event.time();
        }
        events.add(event);
      }
      next.accept(event);
    };
  }

  public void completed(DeployedStack stack) {
    this.deployed = stack;
    file.ifPresent(this::write);
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      // a record cut short by a crash: the stack starts a new history
      return JSON.createObjectNode();
    }
  }

  private void write(Path target) {
    ObjectNode record = JSON.createObjectNode();
    record.put("stackName", name);
    record.put("stackId", stackId);
    record.put("created", created().toString());
    ArrayNode list = record.putArray("events");
    for (StackEvent event : events) {
      ObjectNode node = list.addObject();
      node.put("time", event.time().toString());
      node.put("logicalId", event.logicalId());
      node.put("resourceType", event.resourceType());
      node.put("status", event.status());
      node.put("reason", event.reason());
    }
    try {
      Files.createDirectories(target.getParent());
      Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
      JSON.writeValue(temporary.toFile(), record);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the stack's record in " + target, e);
    }
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
