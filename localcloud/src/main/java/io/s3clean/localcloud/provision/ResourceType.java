package io.s3clean.localcloud.provision;

import java.util.Map;
import java.util.Set;

/** How the embedded cloud creates one CloudFormation resource type. */
public interface ResourceType {
  /** The CloudFormation type name, e.g. {@code AWS::SQS::Queue}. */
  String name();

  /** Properties this type acts on. */
  Set<String> emulatedProperties();

  /**
   * Properties it accepts and records, with nothing to emulate on one machine (encryption at rest,
   * retention, point-in-time recovery). Any property in neither set is refused by name.
   */
  default Set<String> acceptedProperties() {
    return Set.of();
  }

  /**
   * Whether any property is the type's to read (a custom resource's properties are its provider's).
   */
  default boolean acceptsAnyProperty() {
    return false;
  }

  Created create(String logicalId, Map<String, Object> properties, Deployment deployment);
}
