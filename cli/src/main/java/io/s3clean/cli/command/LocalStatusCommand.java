package io.s3clean.cli.command;

import io.s3clean.cli.ExitCodes;
import io.s3clean.localcloud.RunningCloud;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Whether the stack's embedded cloud is running: its process, since when, and its endpoint.")
public final class LocalStatusCommand extends BaseCommand {
  @Override
  public Integer call() {
    Optional<RunningCloud> running =
        RunningCloud.find(global().dataDir().resolve(global().stackName()));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("stack", global().stackName());
    status.put("state", running.isPresent() ? "running" : "stopped");
    running.ifPresent(
        cloud -> {
          status.put("pid", cloud.pid());
          status.put("since", cloud.started());
          status.put("endpoint", cloud.endpoints().get("endpoint"));
        });
    results().document(status);
    return ExitCodes.OK;
  }
}
