package io.s3clean.localcloud.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/**
 * Event objects as Lambda sends them to a function: the JSON of the documented event shapes ({@code
 * Records}, {@code eventSourceARN} for SQS), which is what AWS's Java runtime reads back into the
 * same classes in the function's process.
 */
final class LambdaEvents {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .addMixIn(SQSEvent.class, SqsEventShape.class)
          .addMixIn(SQSEvent.SQSMessage.class, SqsMessageShape.class)
          .build();

  private LambdaEvents() {}

  static byte[] toJson(Object event) {
    try {
      return JSON.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot write the event for the function: " + e.getMessage(), e);
    }
  }

  private abstract static class SqsEventShape {
    @JsonProperty("Records")
    abstract List<SQSEvent.SQSMessage> getRecords();
  }

  private abstract static class SqsMessageShape {
    @JsonProperty("eventSourceARN")
    abstract String getEventSourceArn();
  }
}
