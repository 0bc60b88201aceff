package io.s3clean.cli.target;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Prints a stack's events as they happen, the way SAM does: each poll reads DescribeStackEvents
 * newest first until it reaches an event it has seen, then prints the new ones oldest first. Seen
 * events are known by EventId, never by time, so a skewed local clock hides nothing.
 */
final class StackEvents {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final CloudFormationClient cloudFormation;
  private final String stackId;
  private final Consumer<String> progress;
  private final Set<String> seen = new HashSet<>();
  private final List<StackEvent> printed = new ArrayList<>();

  /**
   * @param stackId the stack's ARN: a deleted stack's events are only found by its id
   */
  StackEvents(CloudFormationClient cloudFormation, String stackId, Consumer<String> progress) {
    this.cloudFormation = cloudFormation;
    this.stackId = stackId;
    this.progress = progress;
  }

  /** Takes every event so far as seen: what follows belongs to the operation about to start. */
  void skipExisting() {
    cloudFormation
        .describeStackEventsPaginator(r -> r.stackName(stackId))
        .stackEvents()
        .forEach(event -> seen.add(event.eventId()));
  }

  void printNew() {
    List<StackEvent> fresh = new ArrayList<>();
    for (StackEvent event :
        cloudFormation.describeStackEventsPaginator(r -> r.stackName(stackId)).stackEvents()) {
      if (seen.contains(event.eventId())) {
        break;
      }
      fresh.add(event);
    }
    Collections.reverse(fresh);
    for (StackEvent event : fresh) {
      seen.add(event.eventId());
      printed.add(event);
      progress.accept(line(event));
    }
  }

  /**
   * The reason the operation failed: the first failed event, preferring one that is not merely
   * "cancelled" because another resource failed first.
   */
  Optional<String> firstFailure() {
    List<StackEvent> failed =
        printed.stream()
            .filter(
                event ->
                    event.resourceStatusAsString() != null
                        && event.resourceStatusAsString().endsWith("_FAILED"))
            .toList();
    return failed.stream()
        .filter(
            event ->
                event.resourceStatusReason() == null
                    || !event.resourceStatusReason().toLowerCase(Locale.ROOT).contains("cancelled"))
        .findFirst()
        .or(() -> failed.stream().findFirst())
        .map(
            event ->
                event.logicalResourceId()
                    + " ("
                    + event.resourceType()
                    + "): "
                    + Optional.ofNullable(event.resourceStatusReason())
                        .orElse(event.resourceStatusAsString()));
  }

  private static String line(StackEvent event) {
    return String.format(
            Locale.ROOT,
            "%s  %-28s %-34s %-30s %s",
            event.timestamp() == null ? "--:--:--" : TIME.format(event.timestamp()),
            event.resourceStatusAsString(),
            event.resourceType(),
            event.logicalResourceId(),
            Optional.ofNullable(event.resourceStatusReason()).orElse(""))
        .stripTrailing();
  }
}
