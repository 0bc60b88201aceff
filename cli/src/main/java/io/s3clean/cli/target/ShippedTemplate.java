package io.s3clean.cli.target;

import io.s3clean.localcloud.LocalCloud;
import io.s3clean.template.CloudFormationTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * cloudformation/template.yaml as the build packaged it (with the embedded cloud, which deploys the
 * same file), so the CLI deploys and validates against the template of its own version.
 */
public final class ShippedTemplate {
  private ShippedTemplate() {}

  /** The template as written: CloudFormation takes YAML, short-form intrinsics and all. */
  public static String text() {
    try (InputStream in = ShippedTemplate.class.getResourceAsStream(LocalCloud.TEMPLATE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the template is not packaged at " + LocalCloud.TEMPLATE_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CloudFormationTemplate parsed() {
    return CloudFormationTemplate.parse(text(), "template.yaml");
  }
}
