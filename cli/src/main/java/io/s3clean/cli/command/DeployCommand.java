package io.s3clean.cli.command;

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
              + " the deploy (a backfill). A stack keeps the bucket it adopted; destroy leaves it"
              + " as it was.")
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
      BucketChange bucketChange = new BucketChange(stackName, parameters.values(), previous);
      bucketChange.check(target, threshold != null);
      StackInfo stack = target.deploy(parameters.values(), code, this::progress);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("stack", stack.name());
      result.put("status", stack.status());
      result.put("outputs", new TreeMap<String, Object>(stack.outputs()));
      if (bucketChange.adopting()) {
        // what the bucket held before the stack's topic was added is counted now, while its
        // live changes already arrive
        progress("counting what bucket " + bucketChange.adopted() + " already holds (backfill)");
        try {
          result.put("backfill", BackfillCommand.run(target, stack, false, this::progress));
        } catch (RuntimeException e) {
          // the stack has adopted the bucket: a deploy again would not count it, the backfill will
          throw new CliException(
              ExitCodes.SERVICE_ERROR,
              "stack "
                  + stack.name()
                  + " adopted bucket "
                  + bucketChange.adopted()
                  + ", but counting what it holds stopped ("
                  + e.getMessage()
                  + "): run 's3clean backfill', which resumes where it stopped",
              e);
        }
      }
      results().document(result);
    }
    return 0;
  }

  private TemplateParameters validatedParameters() {
    TemplateParameters parameters =
        settings
            .applyTo(new TemplateParameters(ShippedTemplate.parsed()))
            .set("--bucket", BucketChange.PARAMETER, bucket)
            .set("--threshold", "ThresholdBytes", threshold)
            .set("--cleanup-policy", "CleanupPolicy", cleanupPolicy)
            .set("--prefix", "KeyPrefixFilter", prefix)
            .set("--suffix", "KeySuffixFilter", suffix)
            .set("--notification-email", "NotificationEmail", notificationEmail);
    return parameters;
  }
}
