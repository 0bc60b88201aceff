package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import io.s3clean.dynamodb.Consumed;
import java.io.IOException;

/**
 * An operation's answer: writes the members of the response object (the braces are the caller's).
 */
@FunctionalInterface
public interface Response {
  void write(JsonGenerator out) throws IOException;

  /** The capacity the request consumed; none for the control plane's operations. */
  default Consumed consumed() {
    return Consumed.NONE;
  }

  /** {@code body}, saying it consumed {@code consumed}. */
  static Response charged(Consumed consumed, Response body) {
    return new Response() {
      @Override
      public void write(JsonGenerator out) throws IOException {
        body.write(out);
      }

      @Override
      public Consumed consumed() {
        return consumed;
      }
    };
  }
}
