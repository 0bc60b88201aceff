package io.s3clean.dynamodb.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.dynamodb.DynamoDbException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClientTokensTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A clock the test moves. */
  private static final class Hands extends Clock {
    Instant now = Instant.parse("2026-12-02T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Hands clock = new Hands();
  private final ClientTokens tokens = new ClientTokens(clock);

  private static byte[] request(String text) throws Exception {
    return ClientTokens.fingerprint(JSON.readTree(text));
  }

  @Test
  void theSameRequestWithinTenMinutesOfCompletingSucceedsAgainWithoutRunning() throws Exception {
    assertThat(tokens.claim("t", request("[1]"))).isFalse();
    tokens.completed("t", request("[1]"));
    clock.now = clock.now.plus(Duration.ofMinutes(10));
    assertThat(tokens.claim("t", request("[1]"))).isTrue();
  }

  @Test
  void anotherRequestWithTheTokenIsAMismatchAndARunningOneIsInProgress() throws Exception {
    tokens.claim("t", request("[1]"));
    assertThatThrownBy(() -> tokens.claim("t", request("[1]")))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> assertThat(e.code()).isEqualTo("TransactionInProgressException"));
    tokens.completed("t", request("[1]"));
    assertThatThrownBy(() -> tokens.claim("t", request("[2]")))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> assertThat(e.code()).isEqualTo("IdempotentParameterMismatchException"));
  }

  @Test
  void afterTenMinutesTheTokenIsForgottenAndAFailedRequestFreesItAtOnce() throws Exception {
    tokens.claim("t", request("[1]"));
    tokens.completed("t", request("[1]"));
    tokens.claim("failed", request("[1]"));
    tokens.abandoned("failed");
    assertThat(tokens.claim("failed", request("[2]"))).isFalse();
    clock.now = clock.now.plus(Duration.ofMinutes(10)).plusMillis(1);
    assertThat(tokens.claim("t", request("[2]"))).isFalse();
    assertThat(tokens.size()).isEqualTo(2);
  }

  @Test
  void expiredTokensAreDroppedInCompletionOrderSoABusyLedgerKeepsOnlyTenMinutes() throws Exception {
    for (int i = 0; i < 1000; i++) {
      tokens.claim("t" + i, request("[" + i + "]"));
      tokens.completed("t" + i, request("[" + i + "]"));
      clock.now = clock.now.plusSeconds(1);
    }
    tokens.claim("last", request("[0]"));
    // completions more than 600 s old are gone; the last 600 and the new claim remain
    assertThat(tokens.size()).isEqualTo(601);
  }
}
