package io.s3clean.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operator's tool for an s3clean stack, on AWS or on the embedded local cloud. */
@Command(
    name = "s3clean",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Tracks an S3 bucket's total size, removes the largest objects at a threshold, plots the history.",
    subcommands = {CommandLine.HelpCommand.class})
public final class S3cleanCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    return new CommandLine(new S3cleanCommand());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
