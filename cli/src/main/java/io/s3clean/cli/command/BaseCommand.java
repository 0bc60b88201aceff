package io.s3clean.cli.command;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import io.s3clean.cli.S3cleanCommand;
import io.s3clean.cli.output.Results;
import io.s3clean.cli.target.StackTarget;
import io.s3clean.cli.target.StackTarget.StackInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the global options, stdout for results, stderr for progress, and
 * the target. Failures are thrown as {@link io.s3clean.cli.CliException} and turned into an exit
 * code and one line in one place, {@link io.s3clean.cli.FailureHandler}.
 */
public abstract class BaseCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  protected final S3cleanCommand root() {
    return (S3cleanCommand) spec.root().userObject();
  }

  protected final GlobalOptions global() {
    return root().global();
  }

  /** Results: what a script would read. */
  protected final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Progress and diagnostics: for the person watching. */
  protected final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  protected final void progress(String line) {
    err().println(line);
    err().flush();
  }

  protected final StackTarget openTarget() {
    // A name that cannot be a stack's fails here, in one line, whatever the target.
    global().stackName();
    return root().targets().open(global(), this::progress);
  }

  /** Results in the format {@code --output} asks for; colour only on a terminal. */
  protected final Results results() {
    boolean terminal = System.console() != null && System.getenv("NO_COLOR") == null;
    return new Results(out(), global().output(), terminal);
  }

  /** The deployed stack; a command that needs one fails in one line without it (exit 254). */
  protected final StackInfo requireStack(StackTarget target) {
    return target
        .describe()
        .orElseThrow(
            () ->
                new CliException(
                    ExitCodes.SERVICE_ERROR,
                    "stack "
                        + global().stackName()
                        + " does not exist on the "
                        + target.name()
                        + " target; deploy it with `s3clean deploy`"));
  }
}
