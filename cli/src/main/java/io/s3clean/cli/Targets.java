package io.s3clean.cli;

import io.s3clean.cli.target.AwsTarget;
import io.s3clean.cli.target.LocalTarget;
import io.s3clean.cli.target.StackTarget;
import java.util.function.Consumer;

/** The production targets, chosen by {@code --target}. */
public final class Targets {
  private Targets() {}

  public static StackTarget open(GlobalOptions options, Consumer<String> progress) {
    return switch (options.target()) {
      case aws -> AwsTarget.open(options, progress);
      case local -> LocalTarget.open(options, progress);
    };
  }
}
