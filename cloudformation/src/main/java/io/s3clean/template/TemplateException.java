package io.s3clean.template;

/** A template cannot be read: bad YAML, an unknown tag, or a section of the wrong shape. */
public class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
