package io.s3clean.localcloud.provision;

import java.util.Map;

/**
 * A resource the embedded cloud created: what {@code Ref} returns and what {@code Fn::GetAtt} can
 * ask for, exactly as CloudFormation documents them for the type.
 *
 * @param emulated false for a resource that exists only on paper here (a KMS key, a bucket policy)
 */
public record Created(String physicalId, Object ref, Map<String, Object> attributes, boolean emulated) {
  public Created {
    attributes = Map.copyOf(attributes);
  }

  public static Created emulated(String physicalId, Object ref, Map<String, Object> attributes) {
    return new Created(physicalId, ref, attributes, true);
  }

  public static Created recorded(String physicalId, Map<String, Object> attributes) {
    return new Created(physicalId, physicalId, attributes, false);
  }
}
