package io.s3clean.localcloud.cfn;

import io.s3clean.localcloud.provision.Created;
import io.s3clean.localcloud.provision.DeployedStack;
import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.Resource;
import io.s3clean.template.TemplateEvaluator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a new template and new parameter values change in a stack, resource by resource, as a change
 * set lists it: Add for a new logical id, Remove for one gone, Modify for a resource whose
 * definition differs or that names a parameter or condition whose value changed. A changed type is
 * a replacement; a changed value of a parameter the resource names is Conditional, as
 * CloudFormation cannot tell before it evaluates; otherwise a Modify is in place.
 */
final class ChangePlanner {
  private ChangePlanner() {}

  static List<ResourceChange> changes(
      StackRecord.Deployed from,
      Map<String, String> fromValues,
      DeployedStack deployed,
      StackRecord.Deployed to,
      Map<String, String> toValues) {
    CloudFormationTemplate before = from.template();
    CloudFormationTemplate after = to.template();
    Set<String> changedParameters = new HashSet<>();
    new TreeSet<>(after.parameters().keySet())
        .forEach(
            name -> {
              if (!Objects.equals(fromValues.get(name), toValues.get(name))) {
                changedParameters.add(name);
              }
            });
    List<ResourceChange> changes = new ArrayList<>();
    Set<String> ids = new TreeSet<>(before.resources().keySet());
    ids.addAll(after.resources().keySet());
    for (String id : ids) {
      Resource old = before.resources().get(id);
      Resource now = after.resources().get(id);
      String physicalId = physicalId(deployed, id);
      if (old == null) {
        changes.add(new ResourceChange("Add", id, "", now.type(), ""));
      } else if (now == null) {
        changes.add(new ResourceChange("Remove", id, physicalId, old.type(), ""));
      } else if (!Objects.equals(old.type(), now.type())) {
        changes.add(new ResourceChange("Modify", id, physicalId, now.type(), "True"));
      } else if (!old.definition().equals(now.definition())) {
        changes.add(new ResourceChange("Modify", id, physicalId, now.type(), "False"));
      } else if (namesAny(after, now, changedParameters)) {
        changes.add(new ResourceChange("Modify", id, physicalId, now.type(), "Conditional"));
      }
    }
    return changes;
  }

  private static String physicalId(DeployedStack deployed, String logicalId) {
    Created created = deployed == null ? null : deployed.resources().get(logicalId);
    return created == null ? "" : created.physicalId();
  }

  /** Whether the resource, or a condition it depends on, names one of {@code parameters}. */
  private static boolean namesAny(
      CloudFormationTemplate template, Resource resource, Set<String> parameters) {
    if (parameters.isEmpty()) {
      return false;
    }
    Set<String> names = new HashSet<>();
    TemplateEvaluator.references(resource.definition(), names);
    resource
        .condition()
        .ifPresent(condition -> conditionReferences(template, condition, names, new HashSet<>()));
    names.retainAll(parameters);
    return !names.isEmpty();
  }

  private static void conditionReferences(
      CloudFormationTemplate template, String condition, Set<String> into, Set<String> seen) {
    if (!seen.add(condition)) {
      return;
    }
    Object definition = template.conditions().get(condition);
    TemplateEvaluator.references(definition, into);
    nestedConditions(definition)
        .forEach(nested -> conditionReferences(template, nested, into, seen));
  }

  private static List<String> nestedConditions(Object value) {
    List<String> found = new ArrayList<>();
    if (value instanceof Map<?, ?> map) {
      if (map.size() == 1 && map.get("Condition") instanceof String name) {
        found.add(name);
      }
      map.values().forEach(v -> found.addAll(nestedConditions(v)));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> found.addAll(nestedConditions(v)));
    }
    return found;
  }
}
