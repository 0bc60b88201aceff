package io.s3clean.history;

/** A HistoryTable item lacks an attribute the design contract promises, or holds nonsense. */
public final class MalformedHistoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedHistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
