package io.s3clean.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The stack's template, cloudformation/template.yaml, as the build packaged it with this module:
 * what s3clean deploys to AWS, what the embedded cloud deploys, and what this module's checks read,
 * so every one of them meets the template of its own version.
 */
public final class ShippedTemplate {
  private static final String RESOURCE = "/io/s3clean/template/template.yaml";

  private ShippedTemplate() {}

  /** The template as written: CloudFormation takes YAML, short-form intrinsics and all. */
  public static String text() {
    try (InputStream in = ShippedTemplate.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the template is not packaged at " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The template parsed: a fresh copy each call, so a caller may change it freely. */
  public static CloudFormationTemplate parsed() {
    return CloudFormationTemplate.parse(text(), "template.yaml");
  }
}
