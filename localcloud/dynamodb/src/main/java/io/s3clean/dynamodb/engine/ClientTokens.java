package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * TransactWriteItems' ClientRequestTokens: "valid for 10 minutes after the first request that uses
 * it is completed"; the same token with the same request in that time succeeds again and writes
 * nothing, with another request it is an IdempotentParameterMismatchException, and while the first
 * is still running a TransactionInProgressException.
 *
 * <p>The AWS SDKs fill in a fresh token on every call, so every transaction has one: each is kept
 * as a SHA-256 fingerprint of its request (not the request itself), and expired in completion
 * order, so ten minutes of a busy ledger stay small and cheap.
 */
final class ClientTokens {
  static final Duration LIFETIME = Duration.ofMinutes(10);

  private record Use(byte[] fingerprint, long completedAtMillis) {
    boolean inProgress() {
      return completedAtMillis < 0;
    }
  }

  private record Completion(String token, long atMillis) {}

  private final Clock clock;
  private final ConcurrentHashMap<String, Use> uses = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();

  ClientTokens(Clock clock) {
    this.clock = clock;
  }

  static byte[] fingerprint(JsonNode request) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(request.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Registers {@code token} for a request that is about to run.
   *
   * @return true when the same request already completed with this token: answer success, write
   *     nothing
   */
  boolean claim(String token, byte[] fingerprint) {
    expire(clock.millis());
    Use existing = uses.putIfAbsent(token, new Use(fingerprint, -1));
    if (existing == null) {
      return false;
    }
    if (!Arrays.equals(existing.fingerprint(), fingerprint)) {
      throw new DynamoDbException(
          DynamoDbException.DYNAMODB_NAMESPACE,
          "IdempotentParameterMismatchException",
          400,
          "The request uses the same client token as a previous, but non-identical request.");
    }
    if (existing.inProgress()) {
      throw new DynamoDbException(
          DynamoDbException.DYNAMODB_NAMESPACE,
          "TransactionInProgressException",
          400,
          "The transaction with the given request token is already in progress.");
    }
    return true;
  }

  /** The request ran to success: its token now answers for it for ten minutes. */
  void completed(String token, byte[] fingerprint) {
    long now = clock.millis();
    uses.put(token, new Use(fingerprint, now));
    completions.add(new Completion(token, now));
  }

  /** The request failed: the token may be used again, for any request. */
  void abandoned(String token) {
    uses.remove(token);
  }

  private void expire(long now) {
    while (true) {
      Completion oldest = completions.peek();
      if (oldest == null || now - oldest.atMillis() <= LIFETIME.toMillis()) {
        return;
      }
      if (completions.remove(oldest)) {
        uses.computeIfPresent(
            oldest.token(),
            (token, use) -> use.completedAtMillis() == oldest.atMillis() ? null : use);
      }
    }
  }

  /** How many tokens are remembered, for tests. */
  int size() {
    return uses.size();
  }
}
