package io.s3clean.cli.target;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import java.util.function.Consumer;

/** Placeholder while the target is built on its branch; never lands on main as it is. */
public final class LocalTarget {
  private LocalTarget() {}

  public static StackTarget open(GlobalOptions options, Consumer<String> progress) {
    throw new CliException(ExitCodes.BAD_ENVIRONMENT, "this target is not built yet");
  }
}
