package io.s3clean.cli.target;

import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.lambda.MemoryLogs;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The production embedded cloud for a stack: state under the stack's directory, the shipped template. */
final class EmbeddedClouds {
  /** The functions run from this process's classpath; the artifact parameters only name it. */
  static final Map<String, String> ARTIFACT = Map.of("ArtifactBucket", "local-artifacts", "ArtifactKey", "classpath");

  private EmbeddedClouds() {}

  static LocalCloud start(String stackName, Path stackDir, Map<String, String> parameters, double timeScale,
      Consumer<String> progress) {
    Map<String, String> all = new LinkedHashMap<>(ARTIFACT);
    all.putAll(parameters);
    LocalCloud cloud = LocalCloud.start(new LocalCloud.Options(LocalCloud.shippedTemplate(),
        EmulatorConfig.persistentAt(stackDir.resolve("data")), stackName, all, timeScale, Clock.systemUTC(),
        new MemoryLogs(), List.of(), event -> progress.accept(event.toString()),
        (what, e) -> progress.accept("WARNING " + what + ": " + e.getMessage())));
    progress.accept(String.format("embedded cloud up in %.1f s (time scale %s)", cloud.startup().toMillis() / 1000.0,
        timeScale));
    return cloud;
  }
}
