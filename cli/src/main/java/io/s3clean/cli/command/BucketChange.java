package io.s3clean.cli.command;

import io.s3clean.adoption.Adoption;
import io.s3clean.adoption.AdoptionRefusedException;
import io.s3clean.adoption.Subscription;
import io.s3clean.aws.S3BucketAccess;
import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.target.StackTarget;
import io.s3clean.cli.target.StackTarget.StackInfo;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a deploy changes about the bucket the stack guards, and whether it may: checked before
 * anything is uploaded or created, since the stack's custom resource would otherwise fail only once
 * most of the stack exists.
 *
 * <p>A stack keeps the bucket it adopted. CloudFormation would update the adoption's role to the
 * new bucket before it asks the custom resource to release the old one, which the role then may no
 * longer touch; so a stack is destroyed (the adopted bucket stays as it was) to guard another. A
 * stack moves from its own bucket to an adopted one only while its own is empty, since
 * CloudFormation cannot delete a bucket that holds objects.
 */
final class BucketChange {
  static final String PARAMETER = "ExistingBucketName";
  private static final String PREFIX = "KeyPrefixFilter";
  private static final String SUFFIX = "KeySuffixFilter";

  private final String stackName;
  private final Map<String, String> given;
  private final Map<String, String> previous;

  /**
   * @param given the values this deploy sets
   * @param previous the values the stack keeps from its last deploy; empty for a new stack
   */
  BucketChange(String stackName, Map<String, String> given, Map<String, String> previous) {
    this.stackName = stackName;
    this.given = given;
    this.previous = previous;
  }

  /** The bucket the stack will have adopted; empty for its own. */
  String adopted() {
    return effective(PARAMETER);
  }

  /** Whether this deploy adopts a bucket the stack did not guard before. */
  boolean adopting() {
    return !adopted().isEmpty() && !adopted().equals(previous.getOrDefault(PARAMETER, ""));
  }

  /**
   * @param thresholdGiven whether this deploy says the threshold
   * @throws CliException exit 252 with the reason when the change may not be made
   */
  void check(StackTarget target, boolean thresholdGiven) {
    String before = previous.getOrDefault(PARAMETER, "");
    if (!before.isEmpty() && !before.equals(adopted())) {
      throw refused(
          "stack "
              + stackName
              + " guards bucket "
              + before
              + ", which it adopted, and keeps it: destroy the stack (the bucket stays as it was)"
              + " and deploy it again to guard "
              + (adopted().isEmpty() ? "a bucket of its own" : "bucket " + adopted()));
    }
    // the bucket's notifications are checked again when the stack's filters over them change
    boolean refiltering = !before.isEmpty() && filtersChange();
    if (!adopting() && !refiltering) {
      return;
    }
    if (adopting() && !thresholdGiven) {
      // the cleaner deletes the owner's largest objects once the total reaches the threshold
      throw refused(
          "--bucket needs --threshold: the cleaner deletes the largest objects of bucket "
              + adopted()
              + " once its total reaches the threshold, so say which");
    }
    Optional<StackInfo> stack = adopting() ? target.describe() : Optional.empty();
    if (adopting() && stack.isEmpty() && target.name().equals("local")) {
      // its S3 lives with the stack: starting the cloud to look would deploy the stack
      throw refused(
          "the embedded cloud runs no stack "
              + stackName
              + " whose S3 could hold bucket '"
              + adopted()
              + "': deploy the stack without --bucket first (or s3clean local start), make or keep"
              + " the bucket there, then deploy --bucket");
    }
    if (adopting()) {
      stack
          .map(deployed -> deployed.typed().watchedBucket())
          .filter(own -> holdsObjects(target, own))
          .ifPresent(
              own -> {
                throw refused(
                    "the stack's own bucket "
                        + own
                        + " still holds objects, which CloudFormation cannot delete when the stack"
                        + " moves to bucket "
                        + adopted()
                        + ": empty it, or destroy the stack and deploy it again with --bucket");
              });
    }
    try {
      new Adoption(new S3BucketAccess(target.s3()))
          .check(
              adopted(),
              target.s3().serviceClientConfiguration().region().id(),
              new Subscription(
                  Subscription.idPrefixFor(stackName), "", effective(PREFIX), effective(SUFFIX)));
    } catch (AdoptionRefusedException e) {
      throw refused("cannot adopt with --bucket: " + e.getMessage());
    }
  }

  private static boolean holdsObjects(StackTarget target, String bucket) {
    var page = target.s3().listObjectVersions(r -> r.bucket(bucket).maxKeys(1));
    return !page.versions().isEmpty() || !page.deleteMarkers().isEmpty();
  }

  private boolean filtersChange() {
    return !Objects.equals(effective(PREFIX), previous.getOrDefault(PREFIX, ""))
        || !Objects.equals(effective(SUFFIX), previous.getOrDefault(SUFFIX, ""));
  }

  /** The value this deploy gives a parameter: the one given, or the one the stack keeps. */
  private String effective(String name) {
    return given.getOrDefault(name, previous.getOrDefault(name, ""));
  }

  private static CliException refused(String message) {
    return new CliException(ExitCodes.BAD_PARAMETER, message);
  }
}
