package io.s3clean.template;

import java.nio.file.Path;

/** The project's cloudformation/template.yaml, the one file every check in this module reads. */
final class ShippedTemplate {
  private ShippedTemplate() {}

  static Path path() {
    // Surefire passes the path resolved from the module's basedir; an IDE run starts in the module.
    String configured = System.getProperty("s3clean.template");
    return configured != null
        ? Path.of(configured)
        : Path.of("..", "cloudformation", "template.yaml");
  }

  /** A fresh copy each call, so a test may change it freely. */
  static CloudFormationTemplate load() {
    return CloudFormationTemplate.load(path());
  }
}
