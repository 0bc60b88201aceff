package io.s3clean.cli.command;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import io.s3clean.cli.scenario.UploadScenario;
import io.s3clean.cli.target.StackTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "run-scenario",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the window-aligned upload scenario and verifies the timeline 0, 18, 46, 18, 20, 2.",
      "On the local target a stack that is not deployed yet is deployed first."
    })
public final class RunScenarioCommand extends BaseCommand {
  @Option(
      names = "--plot-file",
      defaultValue = "scenario-plot.png",
      description =
          "Where the plot fetched through the HTTP API is written (default: ${DEFAULT-VALUE}).")
  Path plotFile;

  @Option(names = "--width", defaultValue = "1200", description = "Plot width in pixels.")
  int width;

  @Option(names = "--height", defaultValue = "600", description = "Plot height in pixels.")
  int height;

  @Override
  public Integer call() throws Exception {
    try (StackTarget target = openTarget()) {
      StackTarget.StackInfo stack =
          target
              .describe()
              .orElseGet(
                  () -> {
                    if (global().target() != GlobalOptions.Target.local) {
                      throw new CliException(
                          ExitCodes.SERVICE_ERROR,
                          "stack "
                              + global().stackName()
                              + " does not exist on AWS; deploy it first with: s3clean --target aws deploy");
                    }
                    progress("no local stack " + global().stackName() + " yet: deploying it");
                    return target.deploy(Map.of(), this::progress);
                  });
      UploadScenario.Result result =
          new UploadScenario(target, stack, this::progress).run(width, height);
      Files.write(plotFile, result.plot());
      print(result);
      if (!result.passed()) {
        throw new CliException(
            ExitCodes.OTHER_FAILURE,
            "scenario failed: timeline "
                + joined(result.timeline())
                + " (expected "
                + joined(UploadScenario.EXPECTED_TIMELINE)
                + "), bucket holds "
                + result.remainingKeys()
                + " (expected [assignment3.txt])");
      }
      return ExitCodes.OK;
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER,
          "cannot write the plot to " + plotFile + ": " + e.getMessage(),
          e);
    }
  }

  private void print(UploadScenario.Result result) {
    if (global().output() == GlobalOptions.Output.json) {
      out()
          .printf(
              "{\"passed\":%s,\"timeline\":[%s],\"remaining\":[%s],\"plot\":\"%s\",\"simulatedSeconds\":%d}%n",
              result.passed(),
              joined(result.timeline()),
              result.remainingKeys().stream()
                  .map(k -> "\"" + k + "\"")
                  .collect(Collectors.joining(",")),
              plotFile.toString().replace("\\", "\\\\"),
              result.simulated().toSeconds());
    } else {
      out().println("timeline   " + joined(result.timeline()));
      out().println("expected   " + joined(UploadScenario.EXPECTED_TIMELINE));
      out().println("remaining  " + String.join(", ", result.remainingKeys()));
      out().println("plot       " + plotFile + " (" + result.plot().length + " bytes)");
      out().println("result     " + (result.passed() ? "PASSED" : "FAILED"));
    }
    out().flush();
  }

  private static String joined(java.util.List<Long> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
