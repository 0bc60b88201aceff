package io.s3clean.localcloud.cfn;

/**
 * One resource's line in a change set, as DescribeChangeSet shows it.
 *
 * @param action Add, Modify or Remove
 * @param physicalId empty for an Add
 * @param replacement True, False or Conditional for a Modify; empty otherwise
 */
public record ResourceChange(
    String action, String logicalId, String physicalId, String resourceType, String replacement) {}
