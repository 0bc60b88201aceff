package io.s3clean.template;

/**
 * A template that cannot be used: bad YAML, an unknown tag, a section of the wrong shape, a value a
 * parameter does not allow, or a resource property the embedded cloud cannot honour exactly. An
 * illegal argument, as services that take a template in a request answer it (ValidationError).
 */
public class TemplateException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
