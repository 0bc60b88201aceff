package io.s3clean.cli.command;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.target.StackTarget;
import java.io.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Deletes the stack and everything in its buckets. It asks first on a terminal; elsewhere, where
 * nobody can answer, it needs {@code --yes}. A stack that does not exist is already destroyed.
 */
@Command(
    name = "destroy",
    mixinStandardHelpOptions = true,
    description = "Empty the stack's buckets, delete the stack and its log groups.")
public final class DestroyCommand extends BaseCommand {
  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation.")
  boolean yes;

  @Override
  public Integer call() {
    String stackName = global().stackName();
    if (!yes) {
      confirm(stackName);
    }
    try (StackTarget target = openTarget()) {
      target.destroy(this::progress);
    }
    return 0;
  }

  private static void confirm(String stackName) {
    Console console = System.console();
    String what = "destroy deletes stack " + stackName + " and every object in its buckets";
    if (console == null) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER,
          what + "; pass --yes to confirm (there is no terminal to ask on)");
    }
    String answer = console.readLine("%s. Type the stack name to confirm: ", what);
    if (answer == null || !answer.strip().equals(stackName)) {
      throw new CliException(ExitCodes.BAD_PARAMETER, "not confirmed; nothing was deleted");
    }
  }
}
