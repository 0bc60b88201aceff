package io.s3clean.cli.target;

import io.s3clean.cli.GlobalOptions;
import java.util.function.Consumer;

/** Opens the target the global options name; tests substitute their own. */
@FunctionalInterface
public interface TargetFactory {
  /**
   * @param progress where start-up progress goes (stderr)
   */
  StackTarget open(GlobalOptions options, Consumer<String> progress);
}
