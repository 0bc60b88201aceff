package io.s3clean.cli;

import io.s3clean.cli.command.BackfillCommand;
import io.s3clean.cli.command.CostCommand;
import io.s3clean.cli.command.DeployCommand;
import io.s3clean.cli.command.DestroyCommand;
import io.s3clean.cli.command.HistoryCommand;
import io.s3clean.cli.command.LocalCommand;
import io.s3clean.cli.command.LogsCommand;
import io.s3clean.cli.command.ReconcileCommand;
import io.s3clean.cli.command.RunScenarioCommand;
import io.s3clean.cli.command.StatusCommand;
import io.s3clean.cli.command.WatchAlarmCommand;
import io.s3clean.cli.target.TargetFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The operator's tool for an s3clean stack, on AWS or on the embedded local cloud. */
@Command(
    name = "s3clean",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Tracks an S3 bucket's total size, removes the largest objects at a threshold, plots the history.",
    subcommands = {
      RunScenarioCommand.class,
      DeployCommand.class,
      StatusCommand.class,
      HistoryCommand.class,
      WatchAlarmCommand.class,
      ReconcileCommand.class,
      BackfillCommand.class,
      LogsCommand.class,
      CostCommand.class,
      DestroyCommand.class,
      LocalCommand.class,
      CommandLine.HelpCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class S3cleanCommand implements Runnable {
  @Mixin GlobalOptions global;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final TargetFactory targets;

  public S3cleanCommand(TargetFactory targets) {
    this.targets = targets;
  }

  public GlobalOptions global() {
    return global;
  }

  public TargetFactory targets() {
    return targets;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine(TargetFactory targets) {
    CommandLine cmd = new CommandLine(new S3cleanCommand(targets));
    cmd.setExecutionExceptionHandler(new FailureHandler());
    // "--target local" names a value that is also the name of the "local" subcommand.
    cmd.setAllowSubcommandsAsOptionParameters(true);
    cmd.setParameterExceptionHandler(
        new ParameterFailureHandler(cmd.getParameterExceptionHandler()));
    return cmd;
  }

  public static void main(String[] args) {
    System.exit(Interrupts.runInterruptibly(() -> commandLine(Targets::open).execute(args)));
  }
}
