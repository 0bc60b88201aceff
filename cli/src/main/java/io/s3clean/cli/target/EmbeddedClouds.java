package io.s3clean.cli.target;

import io.s3clean.localcloud.HostedStack;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.cfn.StackRecord;
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

  /** Where the cloud keeps the stack's CloudFormation record: its template, values and events. */
  static Path recordFile(Path stackDir) {
    return dataDirectory(stackDir).resolve("cloudformation").resolve(stackDir.getFileName() + ".json");
  }

  /**
   * @param restart the stack exists: its cloud starts again over its data with the template it was
   *     last deployed with, without printing the creation of what is already there; a deploy takes
   *     the shipped template
   */
  static HostedStack start(String stackName, Path stackDir, Map<String, String> parameters, double timeScale,
      int port, boolean restart, Consumer<String> progress) {
    Map<String, String> all = new LinkedHashMap<>(ARTIFACT);
    all.putAll(parameters);
    Consumer<StackEvent> events = restart ? event -> {} : event -> progress.accept(event.toString());
    EmulatorPorts ports = EmulatorPorts.remembered(stackDir);
    StackRecord.Deployed template = restart ? CloudHost.deployed(stackDir).map(kept -> kept.parsed(stackName))
        .orElseGet(EmbeddedClouds::shipped) : shipped();
    LocalCloud.Options options = new LocalCloud.Options(template.template(),
        EmulatorConfig.persistentAt(dataDirectory(stackDir)).withPreferredPorts(ports.dynamoDb(), ports.sqs(), ports.s3()),
        stackName, all, CloudTime.resume(stackDir, timeScale), events,
        (what, e) -> progress.accept("WARNING " + what + ": " + e.getMessage())).withEndpointPort(port);
    HostedStack hosted = HostedStack.start(restart ? options.asRestart() : options, template.templateBody());
    EmulatorPorts.remember(stackDir, hosted.cloud().emulators());
    progress.accept(String.format("embedded cloud %s in %.1f s (time scale %s)", restart ? "restarted" : "up",
        hosted.cloud().startup().toMillis() / 1000.0, timeScale));
    return hosted;
  }

  private static StackRecord.Deployed shipped() {
    return new StackRecord.Deployed(LocalCloud.shippedTemplateText(), LocalCloud.shippedTemplate(), Map.of());
  }
}
