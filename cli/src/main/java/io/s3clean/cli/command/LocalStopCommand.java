package io.s3clean.cli.command;

import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.target.BackgroundCloud;
import io.s3clean.localcloud.RunningCloud;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description =
        "Stops the stack's running embedded cloud (foreground or background); its state stays on disk.")
public final class LocalStopCommand extends BaseCommand {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Override
  public Integer call() {
    Optional<RunningCloud> running =
        RunningCloud.find(global().dataDir().resolve(global().stackName()));
    if (running.isEmpty()) {
      progress("no embedded cloud is running for stack " + global().stackName());
      return ExitCodes.OK;
    }
    progress("stopping the embedded cloud (process " + running.get().pid() + ")");
    BackgroundCloud.stop(running.get(), global().dataDir().resolve(global().stackName()), WAIT);
    out().println("stopped   " + global().stackName() + " (process " + running.get().pid() + ")");
    out().flush();
    return ExitCodes.OK;
  }
}
