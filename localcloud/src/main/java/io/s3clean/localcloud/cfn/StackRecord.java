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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What CloudFormation keeps of a stack the embedded cloud runs: its id, when it was created, the
 * template (as written) and parameter values it was last deployed with, its resources and outputs,
 * and every stack event; the stack's status is its last stack-level event's, as on AWS. With a
 * file, all but the resources outlive the cloud: a restart over the same data re-creates nothing,
 * so it keeps them as they were and records no events of its own, as a stack on AWS keeps its id
 * and its history.
 */
public final class StackRecord {
  /** The resource type of the events about the stack itself. */
  public static final String STACK_TYPE = "AWS::CloudFormation::Stack";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String region;
  private final String accountId;
  private final String name;
  private volatile String stackId;
  private final List<StackEvent> events = new CopyOnWriteArrayList<>();
  private final Optional<Path> file;
  private final boolean restart;
  private volatile Instant created;
  private volatile Deployed current;
  private volatile DeployedStack deployed;

  /**
   * A template as CloudFormation keeps it: the text it was given, parsed, and the values given for
   * it.
   */
  public record Deployed(
      String templateBody, CloudFormationTemplate template, Map<String, String> parameters) {
    public Deployed {
      parameters = Map.copyOf(parameters);
    }

    /** A parsed template, written as JSON (which CloudFormation takes as it takes YAML). */
    public static Deployed of(CloudFormationTemplate template, Map<String, String> parameters) {
      try {
        return new Deployed(JSON.writeValueAsString(template.root()), template, parameters);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("a parsed template is always JSON", e);
      }
    }
  }

  /** A record in memory only, of a stack being created. */
  public StackRecord(String region, String accountId, String name, Deployed template) {
    this(region, accountId, name, template, Optional.empty(), false);
  }

  /**
   * @param file where the record is kept; what it holds for this stack is read first
   * @param restart the stack exists and is started again, not deployed: its events are not recorded
   */
  public StackRecord(
      String region,
      String accountId,
      String name,
      Deployed template,
      Optional<Path> file,
      boolean restart) {
    this.region = region;
    this.accountId = accountId;
    this.name = name;
    this.current = template;
    this.file = file;
    JsonNode kept =
        file.flatMap(StackRecord::read)
            .filter(node -> node.path("stackName").asText().equals(name))
            .orElse(null);
    this.restart = restart && kept != null;
    if (kept != null) {
      this.stackId = kept.path("stackId").asText();
      this.created = Instant.parse(kept.path("created").asText());
      for (JsonNode event : kept.path("events")) {
        events.add(
            new StackEvent(
                Instant.parse(event.path("time").asText()),
                event.path("logicalId").asText(),
                event.path("resourceType").asText(),
                event.path("status").asText(),
                event.path("reason").isNull() ? null : event.path("reason").asText()));
      }
      settleInterrupted();
    } else {
      this.stackId = newStackId();
    }
  }

  /**
   * A cloud stopped in the middle of an update starts again with the template the record keeps: the
   * new one once the update reached its cleanup (the record keeps it before), else the one it
   * started from. The record says which, rather than staying in progress for ever.
   */
  private void settleInterrupted() {
    String status = lastStackEvent().map(StackEvent::status).orElse("");
    String settled =
        switch (status) {
          case "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" -> "UPDATE_COMPLETE";
          case "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
              "UPDATE_IN_PROGRESS",
              "UPDATE_ROLLBACK_IN_PROGRESS" ->
              "UPDATE_ROLLBACK_COMPLETE";
          default -> null;
        };
    if (settled != null) {
      events.add(
          new StackEvent(
              Instant.now(),
              name,
              STACK_TYPE,
              settled,
              "The embedded cloud stopped during the update and started again with the stack's last deployed template"));
    }
  }

  private String newStackId() {
    return "arn:aws:cloudformation:"
        + region
        + ":"
        + accountId
        + ":stack/"
        + name
        + "/"
        + UUID.randomUUID();
  }

  /**
   * A new stack of the same name, after the last one was deleted or never created: a new id and
   * history, in REVIEW_IN_PROGRESS until a change set creates it, as CloudFormation holds a stack
   * that a CREATE change set names.
   */
  public synchronized void startOver(Deployed template, Instant now) {
    stackId = newStackId();
    events.clear();
    created = null;
    deployed = null;
    current = template;
    record(new StackEvent(now, name, STACK_TYPE, "REVIEW_IN_PROGRESS", "User Initiated"));
  }

  /**
   * Whether the stack was ever created or reviewed: false for the record a CREATE change set starts
   * from, until it records the stack in REVIEW_IN_PROGRESS.
   */
  public boolean exists() {
    return created != null || deployed != null;
  }

  /** The stack's resources are gone; its record says DELETE_COMPLETE from the next event on. */
  public void deleted() {
    deployed = null;
  }

  /**
   * The template (as written, not parsed: a command that only wants the values does not pay for
   * parsing it) and parameter values last deployed, as a record keeps them.
   */
  public record Kept(String templateBody, Map<String, String> parameters) {
    public Deployed parsed(String stackName) {
      return new Deployed(
          templateBody,
          CloudFormationTemplate.parse(templateBody, "the template of stack " + stackName),
          parameters);
    }
  }

  /**
   * What the record in {@code file} keeps of the stack's last deployment, if it holds a stack that
   * runs (not deleted, not waiting to be created): what a restart runs.
   */
  public static Optional<Kept> kept(Path file, String stackName) {
    return written(file, stackName, true);
  }

  /**
   * What the record in {@code file} keeps of the stack's last template and values, whatever its
   * status.
   */
  public static Optional<Kept> written(Path file, String stackName) {
    return written(file, stackName, false);
  }

  private static Optional<Kept> written(Path file, String stackName, boolean running) {
    return read(file)
        .filter(
            node ->
                node.path("stackName").asText().equals(stackName)
                    && node.hasNonNull("templateBody")
                    && (!running || RUNS.test(lastStackStatus(node, stackName))))
        .map(
            node -> {
              Map<String, String> parameters = new LinkedHashMap<>();
              node.path("parameters")
                  .fields()
                  .forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
              return new Kept(node.path("templateBody").asText(), Map.copyOf(parameters));
            });
  }

  /** Whether the stack has resources that run: not deleted, never created, or not yet created. */
  public boolean runs() {
    return RUNS.test(status());
  }

  /**
   * Whether a stack in this status has resources that run: not deleted, never created, or not yet
   * created.
   */
  private static final java.util.function.Predicate<String> RUNS =
      status ->
          !status.equals("DELETE_COMPLETE")
              && !status.equals("REVIEW_IN_PROGRESS")
              && !status.equals("ROLLBACK_COMPLETE")
              && !status.equals("DELETE_IN_PROGRESS")
              && !status.equals("ROLLBACK_IN_PROGRESS");

  private static String lastStackStatus(JsonNode record, String stackName) {
    String status = "CREATE_COMPLETE";
    for (JsonNode event : record.path("events")) {
      if (event.path("logicalId").asText().equals(stackName)
          && event.path("resourceType").asText().equals(STACK_TYPE)) {
        status = event.path("status").asText();
      }
    }
    return status;
  }

  /** Records each event, then passes it on; a restart's are passed on only. */
  public Consumer<StackEvent> recording(Consumer<StackEvent> next) {
    return event -> {
      if (!restart) {
        record(event);
      }
      next.accept(event);
    };
  }

  /** Adds an event; one about the stack itself is its new status, and is kept at once. */
  public void record(StackEvent event) {
    if (created == null) {
      created = event.time();
    }
    events.add(event);
    if (isStackEvent(event)) {
      file.ifPresent(this::write);
    }
  }

  /** The stack runs {@code template} with these resources and outputs from now on. */
  public void completed(Deployed template, DeployedStack stack) {
    this.current = template;
    this.deployed = stack;
    file.ifPresent(this::write);
  }

  private boolean isStackEvent(StackEvent event) {
    return event.logicalId().equals(name) && STACK_TYPE.equals(event.resourceType());
  }

  private static Optional<JsonNode> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(file.toFile()));
    } catch (IOException e) {
      // a record cut short by a crash: the stack starts a new history
      return Optional.empty();
    }
  }

  private synchronized void write(Path target) {
    ObjectNode record = JSON.createObjectNode();
    record.put("stackName", name);
    record.put("stackId", stackId);
    record.put("created", created().toString());
    Deployed template = current;
    record.put("templateBody", template.templateBody());
    ObjectNode parameters = record.putObject("parameters");
    template.parameters().forEach(parameters::put);
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
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
    return current.template();
  }

  /** The template and parameter values the stack runs, or is being created with. */
  public Deployed current() {
    return current;
  }

  /** Oldest first. */
  public List<StackEvent> events() {
    return List.copyOf(events);
  }

  public Instant created() {
    return created == null ? Instant.EPOCH : created;
  }

  /**
   * The status of the stack's last stack-level event, as CloudFormation reports a stack's status.
   */
  public String status() {
    return lastStackEvent()
        .map(StackEvent::status)
        .orElse(deployed == null ? "CREATE_IN_PROGRESS" : "CREATE_COMPLETE");
  }

  /** When the stack last changed: its last stack-level event. */
  public Instant lastUpdated() {
    return lastStackEvent().map(StackEvent::time).orElse(created());
  }

  /** Read from a snapshot: a new stack of the same name may clear the events meanwhile. */
  private Optional<StackEvent> lastStackEvent() {
    List<StackEvent> snapshot = List.copyOf(events);
    for (int i = snapshot.size() - 1; i >= 0; i--) {
      if (isStackEvent(snapshot.get(i))) {
        return Optional.of(snapshot.get(i));
      }
    }
    return Optional.empty();
  }

  /** The deployed stack, or null while it is being created. */
  public DeployedStack deployed() {
    return deployed;
  }
}
