package io.s3clean.cli.command;

import picocli.CommandLine.Command;

@Command(name = "local", mixinStandardHelpOptions = true,
    description = "The embedded local cloud: start it (foreground or background), stop it, see whether it runs, or print the environment that points AWS tools at it.",
    subcommands = {LocalStartCommand.class, LocalStopCommand.class, LocalStatusCommand.class, LocalEnvCommand.class})
public final class LocalCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return 0;
  }
}
