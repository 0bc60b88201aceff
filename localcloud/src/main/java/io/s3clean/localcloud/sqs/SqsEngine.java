package io.s3clean.localcloud.sqs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQS standard queues in this process: what the embedded cloud's endpoint serves as SQS and what
 * SNS deliveries and the event source mappings' pollers call directly, with no HTTP between them.
 *
 * <p>Semantics are SQS's, as its Developer Guide gives them: a received message stays invisible for
 * the visibility timeout and comes back if not deleted; a message received more than a redrive
 * policy's maxReceiveCount times moves to the dead-letter queue on its next receive, keeping its id
 * and body; delays, retention, long polls (a waiting receive returns as soon as a message arrives),
 * the approximate counts. FIFO queues are not served (refused with UnsupportedOperation).
 *
 * <p>One lock guards every queue: each call holds it for microseconds, and one lock makes the log's
 * order the order things happened in. With a data directory the queues persist in a log there
 * ({@link QueueJournal}).
 */
public final class SqsEngine implements AutoCloseable {
  private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

  /** A queue URL: any scheme and host (or none), then {@code /account/name}. */
  private static final Pattern QUEUE_URL =
      Pattern.compile("(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*)?/*([^/]+)/([^/]+)/*");

  private static final Set<String> SYSTEM_ATTRIBUTES =
      Set.of(
          "SenderId",
          "SentTimestamp",
          "ApproximateReceiveCount",
          "ApproximateFirstReceiveTimestamp",
          "AWSTraceHeader",
          "DeadLetterQueueSourceArn");

  /**
   * The log is written again as a snapshot once it holds this many records and is mostly history.
   */
  private static final long COMPACT_AFTER_RECORDS = 100_000;

  /**
   * Or this much log, whichever comes first (bodies go up to 1 MiB): the DynamoDB engine's figure.
   */
  private static final long COMPACT_AFTER_LOG_BYTES = 256L << 20;

  private final String region;
  private final String accountId;
  private final Clock clock;

  /** Queue ARNs are this and the queue's name. */
  private final String arnPrefix;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Queue> queues = new TreeMap<>();
  private final QueueJournal journal;
  private volatile String urlBase = "http://127.0.0.1";
  private boolean closed;
  private boolean longPollsEnded;

  private SqsEngine(String region, String accountId, Clock clock, Optional<Path> dataDir) {
    this.region = region;
    this.accountId = accountId;
    this.clock = clock;
    this.arnPrefix = "arn:aws:sqs:" + region + ":" + accountId + ":";
    this.journal = dataDir.map(dir -> QueueJournal.open(dir, new Restorer())).orElse(null);
    long now = clock.millis();
    queues.values().forEach(queue -> queue.placeAll(now));
  }

  /**
   * @param dataDir where the queues persist (created if missing); empty keeps them in memory
   */
  public static SqsEngine start(
      Optional<Path> dataDir, String region, String accountId, Clock clock) {
    return new SqsEngine(region, accountId, clock, dataDir);
  }

  /** Queue URLs begin with this (scheme, host and port of the endpoint that serves the queues). */
  public void urlBase(String base) {
    this.urlBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public String accountId() {
    return accountId;
  }

  // ---- queues

  /** CreateQueue: a new queue, or the URL of one with the same name and the same attributes. */
  public String createQueue(String name, Map<String, String> attributes, Map<String, String> tags) {
    if (name == null || !QUEUE_NAME.matcher(name).matches()) {
      if (name != null && name.endsWith(".fifo")) {
        throw SqsException.unsupportedOperation(
            "The embedded cloud serves standard queues only, not FIFO queue " + name);
      }
      throw SqsException.invalidParameterValue(
          "Can only include alphanumeric characters, hyphens, or underscores."
              + " 1 to 80 in length: "
              + name);
    }
    Map<String, String> settings = QueueSettings.of(attributes);
    return locked(
        () -> {
          Queue existing = queues.get(name);
          if (existing != null) {
            // as SQS: only the attributes the call names must match those the queue has
            for (String attribute : attributes.keySet()) {
              if (!settings.get(attribute).equals(existing.settings().get(attribute))) {
                throw SqsException.queueNameExists(name);
              }
            }
            return url(existing);
          }
          long now = clock.millis() / 1000;
          Queue queue = new Queue(name, arn(name), now, settings, lock.newCondition());
          queue.tags.putAll(tags);
          queues.put(name, queue);
          log(j -> j.queue(queue));
          return url(queue);
        });
  }

  /** GetQueueUrl. */
  public String queueUrl(String name) {
    return locked(() -> url(byName(name)));
  }

  /**
   * The URL of the queue with this ARN: QueueDoesNotExist for none, or one of another region or
   * account.
   */
  public String queueUrlOfArn(String arn) {
    return locked(
        () -> {
          Queue queue = byArn(arn);
          if (queue == null) {
            throw SqsException.queueDoesNotExist();
          }
          return url(queue);
        });
  }

  /**
   * ListQueues: the URLs of queues whose names start with {@code prefix} (null for all), by name.
   */
  public List<String> listQueues(String prefix) {
    return locked(
        () ->
            queues.values().stream()
                .filter(q -> prefix == null || q.name.startsWith(prefix))
                .map(this::url)
                .toList());
  }

  public void deleteQueue(String queueUrl) {
    locked(
        () -> {
          Queue queue = byUrl(queueUrl);
          queues.remove(queue.name);
          queue.clear();
          queue.arrived.signalAll();
          log(j -> j.queueDeleted(queue));
          return null;
        });
  }

  /** PurgeQueue: deletes every message; SQS allows one purge a minute per queue. */
  public void purgeQueue(String queueUrl) {
    locked(
        () -> {
          Queue queue = byUrl(queueUrl);
          long now = clock.millis();
          if (queue.lastPurgeMillis != Long.MIN_VALUE && now - queue.lastPurgeMillis < 60_000) {
            throw SqsException.purgeQueueInProgress(queue.name);
          }
          queue.lastPurgeMillis = now;
          queue.clear();
          log(j -> j.purged(queue));
          return null;
        });
  }

  /** GetQueueAttributes; {@code All} names every one. */
  public Map<String, String> attributes(String queueUrl, Collection<String> names) {
    return locked(
        () -> {
          Queue queue = byUrl(queueUrl);
          long now = clock.millis();
          expire(queue, now);
          Map<String, String> all = new LinkedHashMap<>();
          all.put("QueueArn", queue.arn);
          int visible = 0;
          int inFlight = 0;
          int delayed = 0;
          for (StoredMessage message : queue.messages.values()) {
            if (message.delayedAt(now)) {
              delayed++;
            } else if (message.inFlightAt(now)) {
              inFlight++;
            } else {
              visible++;
            }
          }
          all.put("ApproximateNumberOfMessages", Integer.toString(visible));
          all.put("ApproximateNumberOfMessagesNotVisible", Integer.toString(inFlight));
          all.put("ApproximateNumberOfMessagesDelayed", Integer.toString(delayed));
          all.put("CreatedTimestamp", Long.toString(queue.createdSeconds));
          all.put("LastModifiedTimestamp", Long.toString(queue.lastModifiedSeconds));
          all.putAll(queue.settings());
          if (names.contains("All")) {
            return all;
          }
          Map<String, String> chosen = new LinkedHashMap<>();
          for (String name : names) {
            if (!all.containsKey(name) && !QueueSettings.isSettable(name)) {
              throw SqsException.invalidAttributeName("Unknown Attribute " + name + ".");
            }
            if (all.containsKey(name)) {
              chosen.put(name, all.get(name));
            }
          }
          return chosen;
        });
  }

  /** SetQueueAttributes: each value checked first; an empty value removes an optional one. */
  public void setAttributes(String queueUrl, Map<String, String> attributes) {
    QueueSettings.checked(withoutEmptyOptional(attributes));
    locked(
        () -> {
          Queue queue = byUrl(queueUrl);
          Map<String, String> settings = new TreeMap<>(queue.settings());
          attributes.forEach(
              (name, value) -> {
                if (value.isEmpty() && !QueueSettings.DEFAULTS.containsKey(name)) {
                  settings.remove(name);
                } else {
                  settings.put(name, value);
                }
              });
          queue.settings(settings);
          queue.lastModifiedSeconds = clock.millis() / 1000;
          log(j -> j.queue(queue));
          return null;
        });
  }

  private static Map<String, String> withoutEmptyOptional(Map<String, String> attributes) {
    Map<String, String> checked = new LinkedHashMap<>(attributes);
    checked
        .entrySet()
        .removeIf(e -> e.getValue().isEmpty() && !QueueSettings.DEFAULTS.containsKey(e.getKey()));
    return checked;
  }

  public Map<String, String> tags(String queueUrl) {
    return locked(() -> Map.copyOf(byUrl(queueUrl).tags));
  }

  public void tag(String queueUrl, Map<String, String> tags) {
    locked(
        () -> {
          Queue queue = byUrl(queueUrl);
          queue.tags.putAll(tags);
          log(j -> j.queue(queue));
          return null;
        });
  }

  public void untag(String queueUrl, Collection<String> keys) {
    locked(
        () -> {
          Queue queue = byUrl(queueUrl);
          keys.forEach(queue.tags::remove);
          log(j -> j.queue(queue));
          return null;
        });
  }

  /** ListDeadLetterSourceQueues: the queues whose redrive policy names this one. */
  public List<String> deadLetterSourceQueues(String queueUrl) {
    return locked(
        () -> {
          Queue target = byUrl(queueUrl);
          List<String> sources = new ArrayList<>();
          for (Queue queue : queues.values()) {
            if (queue.redrive != null && queue.redrive.deadLetterTargetArn().equals(target.arn)) {
              sources.add(url(queue));
            }
          }
          return sources;
        });
  }

  // ---- messages

  /** One entry's outcome in a batch: a value, or the error that entry met. */
  public record Outcome<T>(T value, SqsException error) {
    static <T> Outcome<T> of(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> failed(SqsException error) {
      return new Outcome<>(null, error);
    }
  }

  /** SendMessage. */
  public SentMessage send(String queueUrl, OutgoingMessage message, String senderId) {
    Outcome<SentMessage> outcome = sendBatch(queueUrl, List.of(message), senderId).get(0);
    if (outcome.error() != null) {
      throw outcome.error();
    }
    return outcome.value();
  }

  /** SendMessageBatch: each message checked and sent on its own, under one lock. */
  public List<Outcome<SentMessage>> sendBatch(
      String queueUrl, List<OutgoingMessage> messages, String senderId) {
    return locked(
        () -> {
          Queue queue = byUrl(queueUrl);
          long now = clock.millis();
          expire(queue, now);
          List<Outcome<SentMessage>> outcomes = new ArrayList<>(messages.size());
          boolean any = false;
          for (OutgoingMessage outgoing : messages) {
            try {
              check(queue, outgoing);
              StoredMessage message =
                  new StoredMessage(
                      UUID.randomUUID().toString(),
                      outgoing.body(),
                      outgoing.attributes(),
                      outgoing.traceHeader(),
                      now,
                      senderId,
                      null);
              int delay =
                  outgoing.delaySeconds() == null ? queue.delaySeconds : outgoing.delaySeconds();
              message.visibleAtMillis = now + delay * 1000L;
              // The call's records reach the log together when it ends. If the log cannot take them
              // (a full disk), the call fails, and what it changed in memory is gone at the next
              // start.
              log(j -> j.sent(queue, message));
              queue.add(message, now);
              any = true;
              String systemMd5 =
                  message.traceHeader == null
                      ? null
                      : AttributeDigest.ofAttributes(
                          Map.of(
                              "AWSTraceHeader",
                              MessageAttribute.string("String", message.traceHeader)));
              outcomes.add(
                  Outcome.of(
                      new SentMessage(
                          message.id, message.md5OfBody, message.md5OfAttributes, systemMd5)));
            } catch (SqsException e) {
              outcomes.add(Outcome.failed(e));
            }
          }
          if (any) {
            queue.arrived.signalAll();
          }
          return outcomes;
        });
  }

  private static void check(Queue queue, OutgoingMessage message) {
    String body = message.body();
    if (body == null || body.isEmpty()) {
      throw SqsException.invalidParameterValue(
          "The message body must be at least one character long.");
    }
    if (message.delaySeconds() != null
        && (message.delaySeconds() < 0 || message.delaySeconds() > 900)) {
      throw SqsException.invalidParameterValue(
          "Value "
              + message.delaySeconds()
              + " for parameter DelaySeconds is invalid. Reason: must be between 0 and 900, if provided.");
    }
    for (int i = 0; i < body.length(); ) {
      int c = body.codePointAt(i);
      if (!(c == 0x9
          || c == 0xA
          || c == 0xD
          || (c >= 0x20 && c <= 0xD7FF)
          || (c >= 0xE000 && c <= 0xFFFD)
          || (c >= 0x10000 && c <= 0x10FFFF))) {
        throw SqsException.invalidMessageContents(
            "Invalid characters found. Valid unicode characters are #x9 | #xA"
                + " | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
      }
      i += Character.charCount(c);
    }
    long size = body.getBytes(StandardCharsets.UTF_8).length;
    for (Map.Entry<String, MessageAttribute> attribute : message.attributes().entrySet()) {
      MessageAttribute value = attribute.getValue();
      size +=
          attribute.getKey().getBytes(StandardCharsets.UTF_8).length
              + value.dataType().length()
              + (value.isBinary()
                  ? value.binaryValue().length
                  : value.stringValue().getBytes(StandardCharsets.UTF_8).length);
    }
    int limit = queue.maximumMessageSize;
    if (size > limit) {
      throw SqsException.invalidParameterValue(
          "One or more parameters are invalid. Reason: Message must be shorter"
              + " than "
              + limit
              + " bytes.");
    }
  }

  /**
   * What a ReceiveMessage asks for.
   *
   * @param visibilityTimeout null for the queue's
   * @param waitSeconds null for the queue's ReceiveMessageWaitTimeSeconds
   * @param attributeNames system attributes to return ({@code All} for every one)
   * @param messageAttributeNames message attributes to return ({@code All}, {@code .*}, {@code
   *     prefix.*})
   */
  public record Receive(
      int maxMessages,
      Integer visibilityTimeout,
      Integer waitSeconds,
      Set<String> attributeNames,
      Set<String> messageAttributeNames) {
    public static Receive of(int maxMessages, int waitSeconds) {
      return new Receive(maxMessages, null, waitSeconds, Set.of("All"), Set.of());
    }
  }

  /**
   * ReceiveMessage: up to {@code maxMessages} messages; with a wait, returns as soon as one can be
   * received, or empty when the wait ends.
   */
  public List<ReceivedMessage> receive(String queueUrl, Receive request) {
    if (request.maxMessages() < 1 || request.maxMessages() > 10) {
      throw SqsException.invalidParameterValue(
          "Value "
              + request.maxMessages()
              + " for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
    }
    if (request.waitSeconds() != null
        && (request.waitSeconds() < 0 || request.waitSeconds() > 20)) {
      throw SqsException.invalidParameterValue(
          "Value "
              + request.waitSeconds()
              + " for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
    }
    if (request.visibilityTimeout() != null) {
      QueueSettings.checkVisibilityTimeout(request.visibilityTimeout());
    }
    return locked(
        () -> {
          Queue queue = byUrl(queueUrl);
          int wait =
              request.waitSeconds() == null ? queue.receiveWaitSeconds : request.waitSeconds();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(wait);
          while (true) {
            long now = clock.millis();
            List<ReceivedMessage> received = take(queue, request, now);
            long left = deadline - System.nanoTime();
            if (!received.isEmpty()
                || left <= 0
                || queues.get(queue.name) != queue
                || closed
                || longPollsEnded) {
              return received;
            }
            long untilVisible = queue.untilNextVisible(now);
            long nanos =
                untilVisible == Long.MAX_VALUE
                    ? left
                    : Math.min(left, TimeUnit.MILLISECONDS.toNanos(untilVisible) + 1);
            try {
              queue.arrived.awaitNanos(nanos);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return received;
            }
          }
        });
  }

  private List<ReceivedMessage> take(Queue queue, Receive request, long now) {
    expire(queue, now);
    QueueSettings.Redrive redrive = queue.redrive;
    Queue deadLetters = redrive == null ? null : byArn(redrive.deadLetterTargetArn());
    int visibility =
        request.visibilityTimeout() == null ? queue.visibilityTimeout : request.visibilityTimeout();
    List<ReceivedMessage> received = new ArrayList<>();
    List<StoredMessage> taken = new ArrayList<>();
    StoredMessage message;
    while (received.size() < request.maxMessages()
        && (message = queue.nextReceivable(now)) != null) {
      if (deadLetters != null && message.receiveCount >= redrive.maxReceiveCount()) {
        moveToDeadLetters(queue, message, deadLetters, now);
        continue;
      }
      message.receiveCount++;
      if (message.receiveCount == 1) {
        message.firstReceiveMillis = now;
      }
      message.visibleAtMillis = now + visibility * 1000L;
      StoredMessage state = message;
      log(j -> j.state(queue, state));
      taken.add(message);
      received.add(view(queue, message, request));
    }
    // placed once the receive is complete: with a visibility timeout of 0 a message is receivable
    // again at once, but by the next receive, not twice by this one
    taken.forEach(m -> queue.place(m, now));
    return received;
  }

  /** As SQS moves it: same id, body, attributes and sent time, with where it came from. */
  private void moveToDeadLetters(Queue source, StoredMessage message, Queue deadLetters, long now) {
    source.remove(message.id);
    log(j -> j.deleted(source, message));
    StoredMessage moved =
        new StoredMessage(
            message.id,
            message.body,
            message.attributes,
            message.traceHeader,
            message.sentMillis,
            message.senderId,
            source.arn);
    moved.visibleAtMillis = now;
    deadLetters.add(moved, now);
    log(j -> j.sent(deadLetters, moved));
    deadLetters.arrived.signalAll();
  }

  private ReceivedMessage view(Queue queue, StoredMessage message, Receive request) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Set<String> names = request.attributeNames();
    boolean all = names.contains("All");
    for (String name : SYSTEM_ATTRIBUTES) {
      if (!all && !names.contains(name)) {
        continue;
      }
      switch (name) {
        case "SenderId" -> attributes.put(name, message.senderId);
        case "SentTimestamp" -> attributes.put(name, Long.toString(message.sentMillis));
        case "ApproximateReceiveCount" ->
            attributes.put(name, Integer.toString(message.receiveCount));
        case "ApproximateFirstReceiveTimestamp" ->
            attributes.put(name, Long.toString(message.firstReceiveMillis));
        case "AWSTraceHeader" -> {
          if (message.traceHeader != null) {
            attributes.put(name, message.traceHeader);
          }
        }
        case "DeadLetterQueueSourceArn" -> {
          if (message.deadLetterSourceArn != null) {
            attributes.put(name, message.deadLetterSourceArn);
          }
        }
        default -> throw new IllegalStateException(name);
      }
    }
    Map<String, MessageAttribute> messageAttributes = new TreeMap<>();
    for (Map.Entry<String, MessageAttribute> attribute : message.attributes.entrySet()) {
      if (wanted(attribute.getKey(), request.messageAttributeNames())) {
        messageAttributes.put(attribute.getKey(), attribute.getValue());
      }
    }
    // the digest covers the attributes returned: all of them, usually, whose digest was taken at
    // the send
    String md5OfAttributes =
        messageAttributes.size() == message.attributes.size()
            ? message.md5OfAttributes
            : AttributeDigest.ofAttributes(messageAttributes);
    return new ReceivedMessage(
        message.id,
        receiptHandle(queue, message),
        message.body,
        message.md5OfBody,
        attributes,
        messageAttributes,
        md5OfAttributes);
  }

  private static boolean wanted(String name, Set<String> patterns) {
    for (String pattern : patterns) {
      if (pattern.equals("All")
          || pattern.equals(".*")
          || pattern.equals(name)
          || (pattern.endsWith(".*")
              && name.startsWith(pattern.substring(0, pattern.length() - 2)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * DeleteMessageBatch (and DeleteMessage, a batch of one): a deleted message's handle deletes
   * nothing, as on SQS.
   */
  public List<Outcome<Void>> delete(String queueUrl, List<String> receiptHandles) {
    return locked(
        () -> {
          Queue queue = byUrl(queueUrl);
          List<Outcome<Void>> outcomes = new ArrayList<>(receiptHandles.size());
          for (String handle : receiptHandles) {
            try {
              StoredMessage message = queue.remove(handleFor(queue, handle).id());
              if (message != null) {
                log(j -> j.deleted(queue, message));
              }
              outcomes.add(Outcome.of(null));
            } catch (SqsException e) {
              outcomes.add(Outcome.failed(e));
            }
          }
          return outcomes;
        });
  }

  /** One ChangeMessageVisibility entry. */
  public record VisibilityChange(String receiptHandle, int visibilityTimeout) {}

  /**
   * ChangeMessageVisibilityBatch (and ChangeMessageVisibility): only a message in flight can
   * change.
   */
  public List<Outcome<Void>> changeVisibility(String queueUrl, List<VisibilityChange> changes) {
    return locked(
        () -> {
          Queue queue = byUrl(queueUrl);
          long now = clock.millis();
          List<Outcome<Void>> outcomes = new ArrayList<>(changes.size());
          boolean revealed = false;
          for (VisibilityChange change : changes) {
            try {
              QueueSettings.checkVisibilityTimeout(change.visibilityTimeout());
              Handle handle = handleFor(queue, change.receiptHandle());
              StoredMessage message = queue.messages.get(handle.id());
              if (message == null || !message.inFlightAt(now)) {
                throw SqsException.messageNotInflight();
              }
              if (message.receiveCount != handle.receiveCount()) {
                // received again since: only the latest receipt handle holds the message
                throw SqsException.invalidParameterValue(
                    "Value "
                        + change.receiptHandle()
                        + " for parameter"
                        + " ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility"
                        + " timeout change.");
              }
              message.visibleAtMillis = now + change.visibilityTimeout() * 1000L;
              queue.place(message, now);
              log(j -> j.state(queue, message));
              revealed = true;
              outcomes.add(Outcome.of(null));
            } catch (SqsException e) {
              outcomes.add(Outcome.failed(e));
            }
          }
          if (revealed) {
            queue.arrived.signalAll();
          }
          return outcomes;
        });
  }

  // ---- names, handles, locking

  private record Handle(String id, int receiveCount) {}

  private static String receiptHandle(Queue queue, StoredMessage message) {
    String plain = queue.name + "\n" + message.id + "\n" + message.receiveCount;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  private static Handle handleFor(Queue queue, String receiptHandle) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(receiptHandle), StandardCharsets.UTF_8)
              .split("\n");
      if (parts.length == 3 && parts[0].equals(queue.name)) {
        return new Handle(parts[1], Integer.parseInt(parts[2]));
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // refused below
    }
    throw SqsException.receiptHandleIsInvalid(receiptHandle);
  }

  private void expire(Queue queue, long now) {
    queue.expire(now, message -> log(j -> j.deleted(queue, message)));
  }

  private String arn(String name) {
    return arnPrefix + name;
  }

  private String url(Queue queue) {
    return urlBase + "/" + accountId + "/" + queue.name;
  }

  private Queue byName(String name) {
    Queue queue = name == null ? null : queues.get(name);
    if (queue == null) {
      throw SqsException.queueDoesNotExist();
    }
    return queue;
  }

  private Queue byArn(String arn) {
    return arn.startsWith(arnPrefix) ? queues.get(arn.substring(arnPrefix.length())) : null;
  }

  /**
   * A queue by its URL's path, {@code /account/name}, whatever its host: SQS's own URLs, this
   * endpoint's and ElasticMQ's all name a queue so.
   */
  private Queue byUrl(String queueUrl) {
    if (queueUrl == null || queueUrl.isBlank()) {
      throw SqsException.missingParameter("QueueUrl");
    }
    Matcher url = QUEUE_URL.matcher(queueUrl);
    if (!url.matches() || !url.group(1).equals(accountId)) {
      throw SqsException.queueDoesNotExist();
    }
    return byName(url.group(2));
  }

  private long compactAfterRecords = COMPACT_AFTER_RECORDS;
  private long compactAfterLogBytes = COMPACT_AFTER_LOG_BYTES;

  private <T> T locked(java.util.function.Supplier<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the SQS engine is closed");
      }
      try {
        return work.get();
      } finally {
        if (journal != null && !closed) {
          journal.flush();
          if ((journal.records() > compactAfterRecords || journal.logBytes() > compactAfterLogBytes)
              && journal.records() > 8L * liveRecords()) {
            compact();
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replaces the log by a snapshot of the queues (package-private for tests; the engine calls it
   * once the log is mostly history). A snapshot that fails leaves the log as it was; the next try
   * waits for twice as many records or bytes.
   */
  void compact() {
    try {
      journal.rewrite(queues.values());
      compactAfterRecords = COMPACT_AFTER_RECORDS;
      compactAfterLogBytes = COMPACT_AFTER_LOG_BYTES;
    } catch (java.io.UncheckedIOException e) {
      compactAfterRecords *= 2;
      compactAfterLogBytes *= 2;
      System.getLogger(SqsEngine.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "the SQS engine could not compact its log; it keeps appending",
              e);
    }
  }

  private long liveRecords() {
    long live = queues.size();
    for (Queue queue : queues.values()) {
      live += 2L * queue.messages.size();
    }
    return live;
  }

  private void log(java.util.function.Consumer<QueueJournal> write) {
    if (journal != null) {
      write.accept(journal);
    }
  }

  /**
   * Waiting receives return what they have at once, and later ones wait no more: a stack update
   * that is about to close the engine must not wait 20 s for a long poll to end.
   */
  public void endLongPolls() {
    lock.lock();
    try {
      longPollsEnded = true;
      queues.values().forEach(q -> q.arrived.signalAll());
    } finally {
      lock.unlock();
    }
  }

  /** Waiting receives return empty; the log is flushed and closed. Closing twice is harmless. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      queues.values().forEach(q -> q.arrived.signalAll());
      if (journal != null) {
        journal.close();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Rebuilds the queues from the log, in its order. */
  private final class Restorer implements QueueJournal.Replay {
    @Override
    public void queue(
        String name,
        long createdSeconds,
        long lastModifiedSeconds,
        Map<String, String> settings,
        Map<String, String> tags) {
      Queue queue = queues.get(name);
      if (queue == null || queue.createdSeconds != createdSeconds) {
        queue =
            new Queue(
                name, arn(name), createdSeconds, new TreeMap<>(settings), lock.newCondition());
        queues.put(name, queue);
      } else {
        queue.settings(new TreeMap<>(settings));
      }
      queue.lastModifiedSeconds = lastModifiedSeconds;
      queue.tags.clear();
      queue.tags.putAll(tags);
    }

    @Override
    public void queueDeleted(String name) {
      queues.remove(name);
    }

    @Override
    public void sent(String queue, StoredMessage message) {
      Queue target = queues.get(queue);
      if (target != null) {
        target.restore(message);
      }
    }

    @Override
    public void state(
        String queue, String id, int receiveCount, long firstReceiveMillis, long visibleAtMillis) {
      Queue target = queues.get(queue);
      StoredMessage message = target == null ? null : target.messages.get(id);
      if (message != null) {
        message.receiveCount = receiveCount;
        message.firstReceiveMillis = firstReceiveMillis;
        message.visibleAtMillis = visibleAtMillis;
      }
    }

    @Override
    public void deleted(String queue, String id) {
      Queue target = queues.get(queue);
      if (target != null) {
        target.remove(id);
      }
    }

    @Override
    public void purged(String queue) {
      Queue target = queues.get(queue);
      if (target != null) {
        target.clear();
      }
    }
  }
}
