package io.s3clean.localcloud.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A resource the embedded cloud created: what {@code Ref} returns and what {@code Fn::GetAtt} can
 * ask for, exactly as CloudFormation documents them for the type.
 *
 * @param emulated false for a resource that exists only on paper here (a KMS key, a bucket policy)
 * @param warnings what works here but may not on AWS, one sentence each
 */
public record Created(
    String physicalId,
    Object ref,
    Map<String, Object> attributes,
    boolean emulated,
    List<String> warnings) {
  public Created {
    attributes = Map.copyOf(attributes);
    warnings = List.copyOf(warnings);
  }

  public Created(String physicalId, Object ref, Map<String, Object> attributes, boolean emulated) {
    this(physicalId, ref, attributes, emulated, List.of());
  }

  public Created withWarnings(List<String> more) {
    List<String> all = new ArrayList<>(warnings);
    all.addAll(more);
    return new Created(physicalId, ref, attributes, emulated, all);
  }

  public static Created emulated(String physicalId, Object ref, Map<String, Object> attributes) {
    return new Created(physicalId, ref, attributes, true);
  }

  public static Created recorded(String physicalId, Map<String, Object> attributes) {
    return new Created(physicalId, physicalId, attributes, false);
  }
}
