package io.s3clean.cli.command;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import io.s3clean.cli.target.LocalTarget;
import io.s3clean.localcloud.RunningCloud;
import picocli.CommandLine.Command;

@Command(
    name = "env",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the shell exports that point AWS tools at the running embedded cloud:",
      "  eval \"$(s3clean local env)\" && aws s3 cp file s3://<bucket>/file",
      "One AWS_ENDPOINT_URL serves S3, SQS, DynamoDB, SNS, CloudWatch, CloudWatch Logs, Lambda,",
      "API Gateway, CloudFormation and STS. A deployed stack's cloud that is not running is started",
      "in the background."
    })
public final class LocalEnvCommand extends BaseCommand {
  @Override
  public Integer call() {
    if (global().target() != GlobalOptions.Target.local) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER,
          "'local env' points AWS tools at the embedded cloud; drop --target aws");
    }
    RunningCloud running;
    try (LocalTarget target = LocalTarget.open(global(), this::progress)) {
      if (target.describe().isEmpty()) {
        throw new CliException(
            ExitCodes.BAD_ENVIRONMENT,
            "no local stack "
                + global().stackName()
                + " to point AWS tools at; deploy it with: s3clean deploy (which starts the embedded cloud)");
      }
      running = target.running();
    }
    // one endpoint for every service, as AWS_ENDPOINT_URL is read by the AWS CLI and the SDKs
    out().println("export AWS_ENDPOINT_URL=" + running.endpoints().get("endpoint"));
    out().println("export AWS_ACCESS_KEY_ID=local");
    out().println("export AWS_SECRET_ACCESS_KEY=local");
    out().println("export AWS_REGION=" + running.region());
    out().println("export AWS_DEFAULT_REGION=" + running.region());
    out().flush();
    return ExitCodes.OK;
  }
}
