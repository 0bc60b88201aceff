package io.s3clean.localcloud.cloudwatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3clean.cloudwatch.CloudWatchSim;
import io.s3clean.cloudwatch.DescribedMetricFilter;
import io.s3clean.cloudwatch.filter.FilterPattern;
import io.s3clean.cloudwatch.filter.FilterPatternException;
import io.s3clean.cloudwatch.filter.MetricFilter;
import io.s3clean.cloudwatch.filter.MetricTransformation;
import io.s3clean.cloudwatch.filter.PatternMatch;
import io.s3clean.cloudwatch.logs.LogEvent;
import io.s3clean.cloudwatch.logs.LogStore;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudWatch Logs behind the endpoint (signing name {@code logs}), in its awsJson1_1 protocol:
 * {@code POST /} with {@code X-Amz-Target: Logs_20140328.<Operation>}, timestamps in epoch
 * milliseconds, {@code nextToken} pagination and errors as {@code {"__type": ..., "message": ...}};
 * botocore's model {@code logs/2014-03-28/service-2.json} is the wire spec. It serves what a user
 * of the stack reads and tries: the log groups, streams and events the functions wrote,
 * FilterLogEvents with the project's filter patterns, the stack's metric filters, TestMetricFilter,
 * and writing (CreateLogGroup, CreateLogStream, PutLogEvents) and deleting groups.
 */
public final class LogsService implements ServiceHandler {
  /** The awsJson target prefix of CloudWatch Logs. */
  public static final String TARGET_PREFIX = "Logs_20140328.";

  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DESCRIBE_LIMIT = 50;
  private static final int EVENTS_LIMIT = 10_000;

  /** PutLogEvents' batch limit, and what one page of events may carry. */
  private static final int MAX_BATCH_BYTES = 1_048_576;

  private static final int EVENT_OVERHEAD_BYTES = 26;
  private static final Pattern EVENTS_TOKEN = Pattern.compile("([fb])/(\\d{56})");
  private static final Pattern LOG_GROUP_ARN =
      Pattern.compile("arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:([^:]+)(?::\\*)?");

  private final CloudWatchSim cloudWatch;
  private final LogStore logs;

  public LogsService(CloudWatchSim cloudWatch) {
    this.cloudWatch = cloudWatch;
    this.logs = cloudWatch.logs();
  }

  /** A client error in the Logs API's shape: HTTP 400 with its {@code __type}. */
  static final class LogsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String type;

    LogsException(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    String target = request.header("x-amz-target").orElse("");
    String operation =
        target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
    try {
      if (!request.method().equals("POST") || operation.isEmpty()) {
        throw new LogsException(
            "UnknownOperationException",
            "CloudWatch Logs takes POST / with an X-Amz-Target of "
                + TARGET_PREFIX
                + "<Operation>; got "
                + request.method()
                + " with '"
                + target
                + "'");
      }
      JsonNode body = body(request.body());
      ObjectNode result =
          switch (operation) {
            case "DescribeLogGroups" -> describeLogGroups(body);
            case "DescribeLogStreams" -> describeLogStreams(body);
            case "GetLogEvents" -> getLogEvents(body);
            case "FilterLogEvents" -> filterLogEvents(body);
            case "PutLogEvents" -> putLogEvents(body);
            case "CreateLogGroup" -> createLogGroup(body);
            case "CreateLogStream" -> createLogStream(body);
            case "DeleteLogGroup" -> deleteLogGroup(body);
            case "DescribeMetricFilters" -> describeMetricFilters(body);
            case "TestMetricFilter" -> testMetricFilter(body);
            default ->
                throw new LogsException(
                    "UnknownOperationException",
                    "The embedded cloud's CloudWatch Logs does"
                        + " not serve the operation '"
                        + operation
                        + "'; it serves DescribeLogGroups, DescribeLogStreams,"
                        + " GetLogEvents, FilterLogEvents, PutLogEvents, CreateLogGroup, CreateLogStream, DeleteLogGroup,"
                        + " DescribeMetricFilters and TestMetricFilter");
          };
      return respond(200, result == null ? "" : result.toString());
    } catch (LogsException e) {
      return error(e.type, e.getMessage());
    } catch (IllegalArgumentException e) {
      return error("InvalidParameterException", e.getMessage());
    }
  }

  private static AwsResponse error(String type, String message) {
    ObjectNode error = JSON.createObjectNode().put("__type", type).put("message", message);
    return respond(400, error.toString());
  }

  private static AwsResponse respond(int status, String json) {
    return new AwsResponse(
        status,
        Map.of(
            "Content-Type",
            List.of(CONTENT_TYPE),
            "x-amzn-RequestId",
            List.of(UUID.randomUUID().toString())),
        json.getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------------------- operations

  private ObjectNode describeLogGroups(JsonNode in) {
    String prefix = string(in, "logGroupNamePrefix");
    String pattern = string(in, "logGroupNamePattern");
    if (prefix != null && pattern != null) {
      throw invalid(
          "logGroupNamePrefix and logGroupNamePattern are mutually exclusive: pass one of them");
    }
    List<String> identifiers = strings(in, "logGroupIdentifiers");
    int limit = limit(in, DESCRIBE_LIMIT);
    List<String> names =
        logs.logGroups().stream()
            .filter(name -> prefix == null || name.startsWith(prefix))
            .filter(name -> pattern == null || name.contains(pattern))
            .filter(
                name ->
                    identifiers == null
                        || identifiers.stream().map(this::groupName).anyMatch(name::equals))
            .sorted()
            .toList();
    Page<String> page = page("DescribeLogGroups", names, in, limit);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode groups = out.putArray("logGroups");
    for (String name : page.items()) {
      Optional<LogStore.LogGroupInfo> info = logs.describeLogGroup(name);
      if (info.isEmpty()) {
        continue; // deleted meanwhile
      }
      ObjectNode group =
          groups
              .addObject()
              .put("logGroupName", name)
              .put("creationTime", info.get().creationTime().toEpochMilli());
      if (pattern == null) {
        group
            .put(
                "metricFilterCount",
                cloudWatch.metricFilters().stream()
                    .filter(f -> f.filter().logGroupName().equals(name))
                    .count())
            .put("storedBytes", info.get().storedBytes())
            .put("logGroupClass", "STANDARD")
            .put("logGroupArn", groupArn(name));
      }
      group.put("arn", groupArn(name) + ":*");
    }
    page.next().ifPresent(token -> out.put("nextToken", token));
    return out;
  }

  private ObjectNode describeLogStreams(JsonNode in) {
    String group = existingGroup(in);
    String prefix = string(in, "logStreamNamePrefix");
    String orderBy = Optional.ofNullable(string(in, "orderBy")).orElse("LogStreamName");
    if (!orderBy.equals("LogStreamName") && !orderBy.equals("LastEventTime")) {
      throw invalid(
          "1 validation error detected: Value '"
              + orderBy
              + "' at 'orderBy' failed to satisfy constraint:"
              + " Member must satisfy enum value set: [LogStreamName, LastEventTime]");
    }
    if (orderBy.equals("LastEventTime") && prefix != null) {
      throw invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    boolean descending = bool(in, "descending");
    Comparator<LogStore.LogStreamInfo> order =
        orderBy.equals("LogStreamName")
            ? Comparator.comparing(LogStore.LogStreamInfo::name)
            : Comparator.comparing(
                    (LogStore.LogStreamInfo s) ->
                        s.lastEventTimestamp() == null ? Instant.EPOCH : s.lastEventTimestamp())
                .thenComparing(LogStore.LogStreamInfo::name);
    List<LogStore.LogStreamInfo> streams =
        logs.describeLogStreams(group).stream()
            .filter(s -> prefix == null || s.name().startsWith(prefix))
            .sorted(descending ? order.reversed() : order)
            .toList();
    Page<LogStore.LogStreamInfo> page =
        page("DescribeLogStreams", streams, in, limit(in, DESCRIBE_LIMIT));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode array = out.putArray("logStreams");
    for (LogStore.LogStreamInfo stream : page.items()) {
      ObjectNode node =
          array
              .addObject()
              .put("logStreamName", stream.name())
              .put("creationTime", stream.creationTime().toEpochMilli());
      if (stream.firstEventTimestamp() != null) {
        node.put("firstEventTimestamp", stream.firstEventTimestamp().toEpochMilli())
            .put("lastEventTimestamp", stream.lastEventTimestamp().toEpochMilli())
            .put("lastIngestionTime", stream.lastIngestionTime().toEpochMilli());
      }
      // AWS reports zero for streams since June 2019 (the model's documentation of storedBytes)
      node.put("arn", groupArn(group) + ":log-stream:" + stream.name()).put("storedBytes", 0);
    }
    page.next().ifPresent(token -> out.put("nextToken", token));
    return out;
  }

  /**
   * Tokens as AWS forms them: {@code f/} or {@code b/} and 56 digits, here the position in the
   * stream's time-ordered events where the next page starts (forward) or ends (backward). At either
   * end of the stream the token passed in comes back, which ends a reader's paging.
   */
  private ObjectNode getLogEvents(JsonNode in) {
    String group = existingGroup(in);
    String stream = required(in, "logStreamName");
    if (!logs.hasLogStream(group, stream)) {
      throw notFound("The specified log stream does not exist.");
    }
    Long start = number(in, "startTime");
    Long end = number(in, "endTime");
    int limit = limit(in, EVENTS_LIMIT);
    String token = string(in, "nextToken");
    Predicate<LogEvent> inRange =
        e ->
            (start == null || e.timestamp().toEpochMilli() >= start)
                && (end == null || e.timestamp().toEpochMilli() < end);
    List<LogEvent> events = logs.events(group, stream);
    boolean forward;
    int position;
    if (token == null) {
      forward = bool(in, "startFromHead");
      position = forward ? 0 : events.size();
    } else {
      Matcher m = EVENTS_TOKEN.matcher(token);
      if (!m.matches()) {
        throw invalid("The specified nextToken is invalid.");
      }
      forward = m.group(1).equals("f");
      // a stream that shrank (deleted and written again) holds the reader at its end
      position = new BigInteger(m.group(2)).min(BigInteger.valueOf(events.size())).intValue();
    }
    List<LogEvent> page = new ArrayList<>();
    int bytes = 0;
    int from = position;
    int to = position;
    if (forward) {
      while (to < events.size() && page.size() < limit) {
        LogEvent event = events.get(to);
        int size = size(event);
        if (inRange.test(event)) {
          if (bytes + size > MAX_BATCH_BYTES && !page.isEmpty()) {
            break;
          }
          bytes += size;
          page.add(event);
        }
        to++;
      }
    } else {
      while (from > 0 && page.size() < limit) {
        LogEvent event = events.get(from - 1);
        int size = size(event);
        if (inRange.test(event)) {
          if (bytes + size > MAX_BATCH_BYTES && !page.isEmpty()) {
            break;
          }
          bytes += size;
          page.add(0, event);
        }
        from--;
      }
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode array = out.putArray("events");
    for (LogEvent event : page) {
      array
          .addObject()
          .put("timestamp", event.timestamp().toEpochMilli())
          .put("message", event.message())
          .put("ingestionTime", event.ingestionTime().toEpochMilli());
    }
    out.put("nextForwardToken", eventsToken('f', to));
    out.put("nextBackwardToken", eventsToken('b', from));
    return out;
  }

  private static String eventsToken(char direction, int position) {
    return direction + "/" + String.format("%056d", position);
  }

  private static int size(LogEvent event) {
    return event.message().getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD_BYTES;
  }

  private ObjectNode filterLogEvents(JsonNode in) {
    String group = existingGroup(in);
    List<String> names = strings(in, "logStreamNames");
    String prefix = string(in, "logStreamNamePrefix");
    if (names != null && prefix != null) {
      throw invalid(
          "logStreamNames and logStreamNamePrefix are mutually exclusive: pass one of them");
    }
    if (names != null && (names.isEmpty() || names.size() > 100)) {
      throw invalid("logStreamNames takes 1 to 100 log stream names");
    }
    Long start = number(in, "startTime");
    Long end = number(in, "endTime");
    bool(in, "interleaved"); // ignored since June 2019: results are always interleaved
    FilterPattern pattern = pattern(string(in, "filterPattern"));
    int limit = limit(in, EVENTS_LIMIT);
    List<FoundEvent> found = new ArrayList<>();
    for (String stream : logs.logStreams(group)) {
      if ((names != null && !names.contains(stream))
          || (prefix != null && !stream.startsWith(prefix))) {
        continue;
      }
      List<LogEvent> events = logs.events(group, stream);
      for (int i = 0; i < events.size(); i++) {
        LogEvent event = events.get(i);
        long millis = event.timestamp().toEpochMilli();
        if ((start == null || millis >= start)
            && (end == null || millis <= end)
            && pattern.matches(event.message())) {
          found.add(
              new FoundEvent(
                  event,
                  String.format(
                      "%020d%018d%018d",
                      millis, Math.floorMod(stream.hashCode(), 1_000_000_000L), i)));
        }
      }
    }
    // "sorted by event timestamp, the timestamp when the event was ingested by CloudWatch Logs, and
    // the ID"
    found.sort(
        Comparator.comparing((FoundEvent f) -> f.event().timestamp())
            .thenComparing(f -> f.event().ingestionTime())
            .thenComparing(FoundEvent::eventId));
    Page<FoundEvent> page = page("FilterLogEvents", found, in, limit);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode array = out.putArray("events");
    for (FoundEvent f : page.items()) {
      array
          .addObject()
          .put("logStreamName", f.event().logStream())
          .put("timestamp", f.event().timestamp().toEpochMilli())
          .put("message", f.event().message())
          .put("ingestionTime", f.event().ingestionTime().toEpochMilli())
          .put("eventId", f.eventId());
    }
    out.putArray("searchedLogStreams"); // "no longer supported ... returns an empty list"
    page.next().ifPresent(token -> out.put("nextToken", token));
    return out;
  }

  private record FoundEvent(LogEvent event, String eventId) {}

  /**
   * The PutLogEvents rules of the API reference: events in chronological order, at most 10,000 and
   * 1,048,576 bytes (messages in UTF-8 plus 26 bytes each), valid events spanning at most 24 hours;
   * events more than 2 hours ahead of the clock or older than 14 days are rejected while the rest
   * are stored, and reported in {@code rejectedLogEventsInfo}.
   */
  private ObjectNode putLogEvents(JsonNode in) {
    String group = required(in, "logGroupName");
    String stream = required(in, "logStreamName");
    JsonNode list = in.get("logEvents");
    if (list == null || list.isNull()) {
      throw invalid(
          "1 validation error detected: Value null at 'logEvents' failed to satisfy constraint: Member must"
              + " not be null");
    }
    if (!list.isArray()) {
      throw serialization("logEvents must be a list of {timestamp, message}");
    }
    if (list.isEmpty() || list.size() > EVENTS_LIMIT) {
      throw invalid(
          "1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have"
              + " length between 1 and 10000");
    }
    List<Instant> timestamps = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    long batchBytes = 0;
    for (JsonNode event : list) {
      if (!event.isObject()) {
        throw serialization("each of logEvents must be an object {timestamp, message}");
      }
      Long timestamp = number(event, "timestamp");
      String message = string(event, "message");
      if (timestamp == null || message == null) {
        throw invalid(
            "1 validation error detected: Value null at 'logEvents."
                + (timestamps.size() + 1)
                + "."
                + (timestamp == null ? "timestamp" : "message")
                + "' failed to satisfy constraint: Member must not be null");
      }
      if (timestamp < 0 || message.isEmpty()) {
        throw invalid(
            "1 validation error detected: Value at 'logEvents."
                + (timestamps.size() + 1)
                + "' failed to"
                + " satisfy constraint: a timestamp of at least 0 and a message of at least 1 character");
      }
      if (!timestamps.isEmpty()
          && timestamp < timestamps.get(timestamps.size() - 1).toEpochMilli()) {
        throw invalid(
            "Log events in a single PutLogEvents request must be in chronological order.");
      }
      timestamps.add(Instant.ofEpochMilli(timestamp));
      messages.add(message);
      batchBytes += message.getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD_BYTES;
    }
    if (batchBytes > MAX_BATCH_BYTES) {
      throw invalid(
          "Upload too large: " + batchBytes + " bytes exceeds limit of " + MAX_BATCH_BYTES);
    }
    if (!logs.hasLogGroup(group)) {
      throw notFound("The specified log group does not exist.");
    }
    if (!logs.hasLogStream(group, stream)) {
      throw notFound("The specified log stream does not exist.");
    }
    Instant now = cloudWatch.clock().instant();
    Instant tooOld = now.minus(Duration.ofDays(14));
    Instant tooNew = now.plus(Duration.ofHours(2));
    int firstValid = 0;
    while (firstValid < timestamps.size() && timestamps.get(firstValid).isBefore(tooOld)) {
      firstValid++;
    }
    int endValid = firstValid;
    while (endValid < timestamps.size() && !timestamps.get(endValid).isAfter(tooNew)) {
      endValid++;
    }
    if (endValid > firstValid
        && Duration.between(timestamps.get(firstValid), timestamps.get(endValid - 1))
                .compareTo(Duration.ofHours(24))
            > 0) {
      throw invalid(
          "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
    }
    for (int i = firstValid; i < endValid; i++) {
      logs.put(group, stream, timestamps.get(i), messages.get(i));
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("nextSequenceToken", String.format("%056d", now.toEpochMilli()));
    if (firstValid > 0 || endValid < timestamps.size()) {
      ObjectNode rejected = out.putObject("rejectedLogEventsInfo");
      if (firstValid > 0) {
        rejected.put("tooOldLogEventEndIndex", firstValid);
      }
      if (endValid < timestamps.size()) {
        rejected.put("tooNewLogEventStartIndex", endValid);
      }
    }
    return out;
  }

  private ObjectNode createLogGroup(JsonNode in) {
    String group = validGroupName(required(in, "logGroupName"));
    if (logs.hasLogGroup(group)) {
      throw new LogsException(
          "ResourceAlreadyExistsException", "The specified log group already exists");
    }
    logs.createLogGroup(group);
    return null;
  }

  private ObjectNode createLogStream(JsonNode in) {
    String group = required(in, "logGroupName");
    String stream = required(in, "logStreamName");
    if (stream.contains(":") || stream.contains("*") || stream.length() > 512) {
      throw invalid(
          "1 validation error detected: Value '"
              + stream
              + "' at 'logStreamName' failed to satisfy"
              + " constraint: Member must satisfy regular expression pattern: [^:*]*");
    }
    if (!logs.hasLogGroup(group)) {
      throw notFound("The specified log group does not exist.");
    }
    if (logs.hasLogStream(group, stream)) {
      throw new LogsException(
          "ResourceAlreadyExistsException", "The specified log stream already exists");
    }
    logs.createLogStream(group, stream);
    return null;
  }

  private ObjectNode deleteLogGroup(JsonNode in) {
    String group = required(in, "logGroupName");
    if (!cloudWatch.deleteLogGroup(group)) {
      throw notFound("The specified log group does not exist.");
    }
    return null;
  }

  private ObjectNode describeMetricFilters(JsonNode in) {
    String group = string(in, "logGroupName");
    String prefix = string(in, "filterNamePrefix");
    String metricName = string(in, "metricName");
    String namespace = string(in, "metricNamespace");
    if ((metricName == null) != (namespace == null)) {
      throw invalid("metricName and metricNamespace go together: pass both or neither");
    }
    if (group != null && !logs.hasLogGroup(group)) {
      throw notFound("The specified log group does not exist.");
    }
    List<DescribedMetricFilter> filters =
        cloudWatch.metricFilters().stream()
            .filter(d -> group == null || d.filter().logGroupName().equals(group))
            // "CloudWatch Logs uses the value that you set here only if you also include the
            // logGroupName"
            .filter(
                d -> group == null || prefix == null || d.filter().filterName().startsWith(prefix))
            .filter(
                d ->
                    metricName == null
                        || d.filter().transformations().stream()
                            .anyMatch(
                                t ->
                                    t.metricName().equals(metricName)
                                        && t.metricNamespace().equals(namespace)))
            .toList();
    Page<DescribedMetricFilter> page =
        page("DescribeMetricFilters", filters, in, limit(in, DESCRIBE_LIMIT));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode array = out.putArray("metricFilters");
    for (DescribedMetricFilter described : page.items()) {
      MetricFilter filter = described.filter();
      ObjectNode node =
          array
              .addObject()
              .put("filterName", filter.filterName())
              .put("filterPattern", filter.pattern().text());
      ArrayNode transformations = node.putArray("metricTransformations");
      for (MetricTransformation t : filter.transformations()) {
        ObjectNode tn =
            transformations
                .addObject()
                .put("metricName", t.metricName())
                .put("metricNamespace", t.metricNamespace())
                .put("metricValue", t.metricValue());
        if (t.defaultValue() != null) {
          tn.put("defaultValue", t.defaultValue());
        }
        if (!t.dimensions().isEmpty()) {
          ObjectNode dimensions = tn.putObject("dimensions");
          t.dimensions().forEach(dimensions::put);
        }
        tn.put("unit", t.unit());
      }
      node.put("creationTime", described.creationTime().toEpochMilli())
          .put("logGroupName", filter.logGroupName())
          .put("applyOnTransformedLogs", false);
    }
    page.next().ifPresent(token -> out.put("nextToken", token));
    return out;
  }

  private ObjectNode testMetricFilter(JsonNode in) {
    String text = string(in, "filterPattern");
    if (text == null) {
      throw invalid(
          "1 validation error detected: Value null at 'filterPattern' failed to satisfy constraint: Member"
              + " must not be null");
    }
    FilterPattern pattern = pattern(text);
    List<String> messages = strings(in, "logEventMessages");
    if (messages == null || messages.isEmpty() || messages.size() > 50) {
      throw invalid(
          "1 validation error detected: Value at 'logEventMessages' failed to satisfy constraint: Member must"
              + " have length between 1 and 50");
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode matches = out.putArray("matches");
    for (int i = 0; i < messages.size(); i++) {
      Optional<PatternMatch> match = pattern.match(messages.get(i));
      if (match.isPresent()) {
        ObjectNode node =
            matches.addObject().put("eventNumber", i + 1).put("eventMessage", messages.get(i));
        ObjectNode extracted = node.putObject("extractedValues");
        match.get().extractedValues().forEach(extracted::put);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------- parameters

  private static JsonNode body(byte[] bytes) {
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    JsonNode body;
    try {
      body = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw serialization("The request body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw serialization("The request body could not be read: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw serialization("The request body must be a JSON object");
    }
    return body;
  }

  private static String string(JsonNode in, String name) {
    JsonNode value = in.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw serialization("Expected a string for " + name + ", got " + value.getNodeType());
    }
    return value.asText();
  }

  private static String required(JsonNode in, String name) {
    String value = string(in, name);
    if (value == null) {
      throw invalid(
          "1 validation error detected: Value null at '"
              + name
              + "' failed to satisfy constraint: Member"
              + " must not be null");
    }
    if (value.isEmpty()) {
      throw invalid(
          "1 validation error detected: Value '' at '"
              + name
              + "' failed to satisfy constraint: Member must"
              + " have length greater than or equal to 1");
    }
    return value;
  }

  private static Long number(JsonNode in, String name) {
    JsonNode value = in.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw serialization("Expected a whole number for " + name + ", got " + value);
    }
    long number = value.asLong();
    if (number < 0) {
      throw invalid(
          "1 validation error detected: Value '"
              + number
              + "' at '"
              + name
              + "' failed to satisfy"
              + " constraint: Member must have value greater than or equal to 0");
    }
    return number;
  }

  private static boolean bool(JsonNode in, String name) {
    JsonNode value = in.get(name);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw serialization("Expected a boolean for " + name + ", got " + value);
    }
    return value.asBoolean();
  }

  private static List<String> strings(JsonNode in, String name) {
    JsonNode value = in.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw serialization("Expected a list of strings for " + name);
    }
    List<String> list = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw serialization("Expected a list of strings for " + name + ", found " + item);
      }
      list.add(item.asText());
    }
    return list;
  }

  private static int limit(JsonNode in, int max) {
    Long limit = number(in, "limit");
    if (limit == null) {
      return max;
    }
    if (limit < 1 || limit > max) {
      throw invalid(
          "1 validation error detected: Value '"
              + limit
              + "' at 'limit' failed to satisfy constraint: Member"
              + " must have value between 1 and "
              + max);
    }
    return limit.intValue();
  }

  private static FilterPattern pattern(String text) {
    if (text != null && text.length() > 1024) {
      throw invalid(
          "1 validation error detected: Value at 'filterPattern' failed to satisfy constraint: Member must"
              + " have length less than or equal to 1024");
    }
    try {
      return FilterPattern.parse(text);
    } catch (FilterPatternException e) {
      throw invalid("Invalid filter pattern: " + e.getMessage());
    }
  }

  /** logGroupName or logGroupIdentifier (a name or an ARN), exactly one, of a group that exists. */
  private String existingGroup(JsonNode in) {
    String name = string(in, "logGroupName");
    String identifier = string(in, "logGroupIdentifier");
    if (name != null && identifier != null) {
      throw invalid(
          "LogGroupName and LogGroupIdentifier are mutually exclusive parameters: pass one of them");
    }
    if (name == null && identifier == null) {
      throw invalid("Either logGroupName or logGroupIdentifier is required");
    }
    String group = name != null ? name : groupName(identifier);
    if (!logs.hasLogGroup(group)) {
      throw notFound("The specified log group does not exist.");
    }
    return group;
  }

  private String groupName(String identifier) {
    Matcher arn = LOG_GROUP_ARN.matcher(identifier);
    return arn.matches() ? arn.group(1) : identifier;
  }

  private static String validGroupName(String name) {
    if (!name.matches("[.\\-_/#A-Za-z0-9]+") || name.length() > 512) {
      throw invalid(
          "1 validation error detected: Value '"
              + name
              + "' at 'logGroupName' failed to satisfy constraint:"
              + " Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
    }
    return name;
  }

  private String groupArn(String group) {
    return "arn:aws:logs:"
        + cloudWatch.region()
        + ":"
        + cloudWatch.accountId()
        + ":log-group:"
        + group;
  }

  // ------------------------------------------------------------------------------- pagination

  record Page<T>(List<T> items, Optional<String> next) {}

  /**
   * One page of {@code all} from the offset {@code nextToken} names. Tokens are opaque to the
   * client (base64 of the operation and the offset) and refused by another operation.
   */
  static <T> Page<T> page(String operation, List<T> all, JsonNode in, int limit) {
    String token = string(in, "nextToken");
    int from = token == null ? 0 : offset(operation, token);
    int start = Math.min(from, all.size());
    int end = Math.min(all.size(), start + limit);
    Optional<String> next =
        end < all.size() ? Optional.of(token(operation, end)) : Optional.empty();
    return new Page<>(all.subList(start, end), next);
  }

  static String token(String operation, int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((operation + ":" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String operation, String token) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith(operation + ":")) {
        int offset = Integer.parseInt(decoded.substring(operation.length() + 1));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64 or not a number: the same answer as any other token this service did not give
    }
    throw invalid("The specified nextToken is invalid.");
  }

  // ------------------------------------------------------------------------------- errors

  private static LogsException invalid(String message) {
    return new LogsException("InvalidParameterException", message);
  }

  private static LogsException notFound(String message) {
    return new LogsException("ResourceNotFoundException", message);
  }

  private static LogsException serialization(String message) {
    return new LogsException("SerializationException", message);
  }
}
