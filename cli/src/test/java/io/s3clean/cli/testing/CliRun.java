package io.s3clean.cli.testing;

import io.s3clean.cli.S3cleanCommand;
import io.s3clean.cli.target.TargetFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the command line, as the picocli examples test theirs. */
public record CliRun(int exitCode, String out, String err) {

  /** A run with the production targets, as at a terminal. */
  public static CliRun run(String... args) {
    return run(io.s3clean.cli.Targets::open, args);
  }

  public static CliRun run(TargetFactory targets, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = S3cleanCommand.commandLine(targets);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** For commands that must fail before they reach any target. */
  public static final TargetFactory NO_TARGET =
      (options, progress) -> {
        throw new AssertionError("the command opened a target; it should have failed before");
      };

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
