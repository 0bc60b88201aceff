package io.s3clean.localcloud.lambda.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where the build leaves the shaded Lambda jar, for the CLI's deploys, the benchmarks and the tests
 * alike.
 */
public final class LambdaJars {
  /** Where {@code mvn -pl lambdas package} leaves the jar, relative to the project. */
  public static final String BUILD_DIRECTORY = "lambdas/target";

  private static final String JAR_GLOB = "s3clean-lambdas-*-lambda.jar";

  private LambdaJars() {}

  /** The newest Lambda jar the build left under {@code project}, if it left one. */
  public static Optional<Path> built(Path project) {
    Path target = project.resolve(BUILD_DIRECTORY);
    List<Path> jars = new ArrayList<>();
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> found = Files.newDirectoryStream(target, JAR_GLOB)) {
        found.forEach(jars::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return jars.stream().max(Comparator.comparing(LambdaJars::modified));
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
