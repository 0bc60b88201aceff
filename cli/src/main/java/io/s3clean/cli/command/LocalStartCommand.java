package io.s3clean.cli.command;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import io.s3clean.cli.target.LocalTarget;
import io.s3clean.cli.target.RunningCloud;
import io.s3clean.cli.target.StackTarget;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

@Command(name = "start", mixinStandardHelpOptions = true,
    description = {"Runs the embedded cloud in the foreground until Ctrl-C, deploying the stack if it has none yet.",
        "Other s3clean commands and AWS tools (see 's3clean local env') use it while it runs."})
public final class LocalStartCommand extends BaseCommand {
  @Override
  public Integer call() throws InterruptedException {
    if (global().target() != GlobalOptions.Target.local) {
      throw new CliException(ExitCodes.BAD_PARAMETER, "'local start' runs the embedded cloud; drop --target aws");
    }
    try (StackTarget target = openTarget()) {
      if (!(target instanceof LocalTarget local)) {
        throw new CliException(ExitCodes.BAD_ENVIRONMENT, "the embedded cloud for stack " + global().stackName()
            + " is already running in another process");
      }
      StackTarget.StackInfo stack = local.describe().orElseGet(() -> local.deploy(Map.of(), this::progress));
      RunningCloud running = local.publish();
      out().println("stack     " + stack.name());
      running.endpoints().forEach((service, url) -> out().printf("%-9s %s%n", service, url));
      out().println("bucket    " + stack.output("WatchedBucketName"));
      out().println("env       eval \"$(s3clean local env)\"   # then: aws s3 cp FILE s3://"
          + stack.output("WatchedBucketName") + "/");
      out().flush();
      progress("running; Ctrl-C stops it");
      try {
        // Ctrl-C interrupts this wait (see Interrupts); closing the target stops the cloud cleanly
        new CountDownLatch(1).await();
      } finally {
        progress("stopping the embedded cloud");
      }
    }
    return ExitCodes.OK;
  }
}
