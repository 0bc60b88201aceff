package io.s3clean.event;

/** A message that can never be applied, whatever the retry; the message says what is wrong. */
public class MalformedEventException extends RuntimeException {
  public MalformedEventException(String message) {
    super(message);
  }

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
