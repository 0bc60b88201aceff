package io.s3clean.localcloud.provision;

import java.util.List;
import java.util.Map;

/**
 * A stack the embedded cloud deployed.
 *
 * @param notEmulated resources recorded without behaviour here (policies, keys), for the record
 * @param warnings "LogicalId: what may behave differently on AWS", in creation order; each was also
 *     reported as the reason of the resource's CREATE_COMPLETE event
 */
public record DeployedStack(
    String name,
    Map<String, String> parameters,
    Map<String, String> outputs,
    Map<String, Created> resources,
    List<String> notEmulated,
    List<String> warnings) {
  public DeployedStack {
    parameters = Map.copyOf(parameters);
    outputs = Map.copyOf(outputs);
    resources = Map.copyOf(resources);
    notEmulated = List.copyOf(notEmulated);
    warnings = List.copyOf(warnings);
  }

  /** The outputs by what they mean. */
  public io.s3clean.template.StackOutputs typed() {
    return new io.s3clean.template.StackOutputs(
        outputs, key -> new IllegalArgumentException("stack " + name + " has no output " + key));
  }

  public String output(String key) {
    String value = outputs.get(key);
    if (value == null) {
      throw new IllegalArgumentException("stack " + name + " has no output " + key);
    }
    return value;
  }
}
