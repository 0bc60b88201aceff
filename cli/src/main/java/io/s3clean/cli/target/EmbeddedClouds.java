package io.s3clean.cli.target;

import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.provision.StackEvent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The production embedded cloud for a stack: state under the stack's directory, the shipped template. */
final class EmbeddedClouds {
  /** The functions run from this process's classpath; the artifact parameters only name it. */
  static final Map<String, String> ARTIFACT = Map.of("ArtifactBucket", "local-artifacts", "ArtifactKey", "classpath");

  private EmbeddedClouds() {}

  static Path dataDirectory(Path stackDir) {
    return stackDir.resolve("data");
  }

  /**
   * @param restart the stack exists: its cloud starts again over its data, without printing the
   *     creation of what is already there
   */
  static LocalCloud start(String stackName, Path stackDir, Map<String, String> parameters, double timeScale,
      int port, boolean restart, Consumer<String> progress) {
    Map<String, String> all = new LinkedHashMap<>(ARTIFACT);
    all.putAll(parameters);
    Consumer<StackEvent> events = restart ? event -> {} : event -> progress.accept(event.toString());
    EmulatorPorts ports = EmulatorPorts.remembered(stackDir);
    LocalCloud.Options options = new LocalCloud.Options(LocalCloud.shippedTemplate(),
        EmulatorConfig.persistentAt(dataDirectory(stackDir)).withPorts(ports.dynamoDb(), ports.sqs(), ports.s3()),
        stackName, all, CloudTime.resume(stackDir, timeScale), events,
        (what, e) -> progress.accept("WARNING " + what + ": " + e.getMessage())).withEndpointPort(port);
    LocalCloud cloud = LocalCloud.start(restart ? options.asRestart() : options);
    EmulatorPorts.remember(stackDir, cloud.emulators());
    progress.accept(String.format("embedded cloud %s in %.1f s (time scale %s)", restart ? "restarted" : "up",
        cloud.startup().toMillis() / 1000.0, timeScale));
    return cloud;
  }
}
