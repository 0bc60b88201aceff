package io.s3clean.cli.command;

import picocli.CommandLine.Command;

@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description =
        "The embedded local cloud: start it (foreground or background), stop it, see whether it runs, print the environment that points AWS tools at it, or what it has served (usage).",
    subcommands = {
      LocalStartCommand.class,
      LocalStopCommand.class,
      LocalStatusCommand.class,
      LocalEnvCommand.class,
      LocalUsageCommand.class
    })
public final class LocalCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return 0;
  }
}
