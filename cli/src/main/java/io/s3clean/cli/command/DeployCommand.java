package io.s3clean.cli.command;

import io.s3clean.adoption.Adoption;
import io.s3clean.adoption.AdoptionRefusedException;
import io.s3clean.adoption.Subscription;
import io.s3clean.aws.S3BucketAccess;
import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.target.StackTarget;
import io.s3clean.cli.target.StackTarget.CodeArtifact;
import io.s3clean.cli.target.StackTarget.StackInfo;
import io.s3clean.template.ShippedTemplate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Creates or updates the stack. Every value is checked against the template before anything is
 * uploaded: its own constraints first, then, with the values the stack keeps, the template's Rules;
 * on AWS the Lambda jar goes to the artifact bucket and the stack changes through a change set, its
 * events streamed to stderr; the stack's outputs are the result.
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description =
        "Create or update the stack; an unchanged stack is success. Parameters not given keep their value.")
public final class DeployCommand extends BaseCommand {
  @Option(
      names = "--bucket",
      paramLabel = "BUCKET",
      description =
          "Guard this existing bucket of the account and region instead of one the stack makes: its"
              + " other notification configurations are kept, and what it holds is counted after"
              + " the deploy (a backfill). --bucket '' goes back to the stack's own bucket.")
  String bucket;

  @Option(
      names = "--threshold",
      paramLabel = "BYTES",
      description = "Bucket total at which the cleaner runs (template default 20).")
  String threshold;

  @Option(
      names = "--cleanup-policy",
      paramLabel = "POLICY",
      description = "until-below (delete largest until under the threshold) or one.")
  String cleanupPolicy;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      description = "Track only keys with this prefix (empty: all).")
  String prefix;

  @Option(
      names = "--suffix",
      paramLabel = "SUFFIX",
      description = "Track only keys with this suffix (empty: all).")
  String suffix;

  @Mixin CostSettings settings = new CostSettings();

  @Option(
      names = "--notification-email",
      paramLabel = "ADDRESS",
      description = "Subscribe this address to cleanup notifications.")
  String notificationEmail;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description =
          "The Lambda jar (default: lambdas/target/s3clean-lambdas-*-lambda.jar; aws target).")
  Path jar;

  @Option(
      names = "--artifact-bucket",
      paramLabel = "BUCKET",
      description =
          "Bucket for the Lambda jar (default: <stack>-<account>-<region>-code, created if missing; aws target).")
  String artifactBucket;

  @Override
  public Integer call() {
    String stackName = global().stackName();
    TemplateParameters parameters = validatedParameters();
    CodeArtifact code =
        new CodeArtifact(Optional.ofNullable(jar), Optional.ofNullable(artifactBucket));
    try (StackTarget target = openTarget()) {
      // The Rules need the values this deploy keeps from the last one: read them, upload nothing
      // yet.
      Map<String, String> previous = target.previousParameters();
      parameters.checkRules(previous, stackName);
      String adopted = effective(parameters, previous, ADOPTED_BUCKET);
      boolean adopting = !adopted.isEmpty() && !adopted.equals(previous.get(ADOPTED_BUCKET));
      if (adopting && threshold == null) {
        // the cleaner deletes the owner's largest objects once the total reaches the threshold
        throw new CliException(
            ExitCodes.BAD_PARAMETER,
            "--bucket needs --threshold: the cleaner deletes the largest objects of bucket "
                + adopted
                + " once its total reaches the threshold, so say which");
      }
      if (!adopted.isEmpty()) {
        checkAdoptable(target, stackName, adopted, parameters, previous);
      }
      StackInfo stack = target.deploy(parameters.values(), code, this::progress);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("stack", stack.name());
      result.put("status", stack.status());
      result.put("outputs", new TreeMap<String, Object>(stack.outputs()));
      if (adopting) {
        // what the bucket held before the stack's topic was added is counted now, while its
        // live changes already arrive
        progress("counting what bucket " + adopted + " already holds (backfill)");
        result.put("backfill", BackfillCommand.run(target, stack, false, this::progress));
      }
      results().document(result);
    }
    return 0;
  }

  private static final String ADOPTED_BUCKET = "ExistingBucketName";

  /** The value this deploy gives a parameter: the one given, or the one the stack keeps. */
  private static String effective(
      TemplateParameters parameters, Map<String, String> previous, String name) {
    return parameters.values().getOrDefault(name, previous.getOrDefault(name, ""));
  }

  /**
   * Refuses, before anything is uploaded or created, a bucket the stack's custom resource would
   * fail to adopt: one that does not exist, one in another region, one whose notifications overlap
   * the stack's (which S3 refuses without naming them).
   */
  private static void checkAdoptable(
      StackTarget target,
      String stackName,
      String adopted,
      TemplateParameters parameters,
      Map<String, String> previous) {
    try {
      new Adoption(new S3BucketAccess(target.s3()))
          .check(
              adopted,
              target.s3().serviceClientConfiguration().region().id(),
              new Subscription(
                  Subscription.idPrefixFor(stackName),
                  "",
                  effective(parameters, previous, "KeyPrefixFilter"),
                  effective(parameters, previous, "KeySuffixFilter")));
    } catch (AdoptionRefusedException e) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER, "cannot adopt with --bucket: " + e.getMessage());
    }
  }

  private TemplateParameters validatedParameters() {
    TemplateParameters parameters =
        settings
            .applyTo(new TemplateParameters(ShippedTemplate.parsed()))
            .set("--bucket", ADOPTED_BUCKET, bucket)
            .set("--threshold", "ThresholdBytes", threshold)
            .set("--cleanup-policy", "CleanupPolicy", cleanupPolicy)
            .set("--prefix", "KeyPrefixFilter", prefix)
            .set("--suffix", "KeySuffixFilter", suffix)
            .set("--notification-email", "NotificationEmail", notificationEmail);
    return parameters;
  }
}
