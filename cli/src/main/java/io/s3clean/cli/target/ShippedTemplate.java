package io.s3clean.cli.target;

import io.s3clean.localcloud.LocalCloud;
import io.s3clean.template.CloudFormationTemplate;

/**
 * cloudformation/template.yaml as the build packaged it (with the embedded cloud, which deploys the
 * same file), so the CLI deploys and validates against the template of its own version.
 */
public final class ShippedTemplate {
  private ShippedTemplate() {}

  /** The template as written: CloudFormation takes YAML, short-form intrinsics and all. */
  public static String text() {
    return LocalCloud.shippedTemplateText();
  }

  public static CloudFormationTemplate parsed() {
    return LocalCloud.shippedTemplate();
  }
}
