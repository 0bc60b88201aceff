package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** An operation's answer: writes the members of the response object (the braces are the caller's). */
@FunctionalInterface
public interface Response {
  void write(JsonGenerator out) throws IOException;
}
