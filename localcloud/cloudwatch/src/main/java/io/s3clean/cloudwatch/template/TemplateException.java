package io.s3clean.cloudwatch.template;

/** A template resource whose properties the embedded CloudWatch cannot honour exactly. */
public final class TemplateException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
