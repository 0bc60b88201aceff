package io.s3clean.cli.target;

import io.s3clean.localcloud.HostedStack;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.cfn.StackRecord;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.provision.StackEvent;
import io.s3clean.template.ShippedTemplate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The production embedded cloud for a stack: state under the stack's directory, the shipped
 * template.
 */
final class EmbeddedClouds {
  /** The functions run from this process's classpath; the artifact parameters only name it. */
  static final Map<String, String> ARTIFACT =
      Map.of("ArtifactBucket", "local-artifacts", "ArtifactKey", "classpath");

  /** The cloud's artifact bucket, which holds the Lambda jar when the functions run it. */
  static final String ARTIFACT_BUCKET = "local-artifacts";

  private EmbeddedClouds() {}

  /**
   * What the template's Code names, and whether the cloud runs it.
   *
   * @param jar the jar the cloud's S3 holds and the functions run, as on Lambda; empty when they
   *     run from this process's class path
   */
  record FunctionCode(Map<String, String> parameters, Optional<LambdaArtifact> jar) {
    /** The jar as the cloud puts it in its artifact bucket before the stack deploys. */
    Optional<LocalCloud.Artifact> artifact() {
      return jar.map(
          artifact -> new LocalCloud.Artifact(ARTIFACT_BUCKET, artifact.key(), artifact.jar()));
    }
  }

  /**
   * At time scale 1 the functions run the build's Lambda jar as Lambda does, a process of AWS's
   * Java runtime per execution environment; a faster cloud runs them from the class path, because a
   * process's clock cannot follow the cloud's.
   */
  static FunctionCode functionCode(double timeScale) {
    return functionCode(timeScale == 1);
  }

  /**
   * @param deployed whether the functions run the Lambda jar, or this process's class path
   */
  static FunctionCode functionCode(boolean deployed) {
    if (!deployed) {
      return new FunctionCode(ARTIFACT, Optional.empty());
    }
    LambdaArtifact jar = LambdaArtifact.locate(Optional.empty());
    return new FunctionCode(
        Map.of("ArtifactBucket", ARTIFACT_BUCKET, "ArtifactKey", jar.key()), Optional.of(jar));
  }

  static Path dataDirectory(Path stackDir) {
    return stackDir.resolve("data");
  }

  /** Where the cloud keeps the stack's CloudFormation record: its template, values and events. */
  static Path recordFile(Path stackDir) {
    return dataDirectory(stackDir)
        .resolve("cloudformation")
        .resolve(stackDir.getFileName() + ".json");
  }

  /**
   * @param restart the stack exists: its cloud starts again over its data with the template it was
   *     last deployed with, without printing the creation of what is already there; a deploy takes
   *     the shipped template
   */
  static HostedStack start(
      String stackName,
      Path stackDir,
      Map<String, String> parameters,
      double timeScale,
      int port,
      boolean restart,
      Consumer<String> progress) {
    FunctionCode code = functionCode(timeScale);
    Map<String, String> all = new LinkedHashMap<>(parameters);
    // the code this cloud runs, whatever an earlier deploy named
    all.putAll(code.parameters());
    Consumer<StackEvent> events =
        restart ? event -> {} : event -> progress.accept(event.toString());
    EmulatorPorts ports = EmulatorPorts.remembered(stackDir);
    StackRecord.Deployed template =
        restart
            ? CloudHost.deployed(stackDir)
                .map(kept -> kept.parsed(stackName))
                .orElseGet(EmbeddedClouds::shipped)
            : shipped();
    LocalCloud.Options options =
        new LocalCloud.Options(
                template.template(),
                EmulatorConfig.persistentAt(dataDirectory(stackDir))
                    .withPreferredPorts(ports.dynamoDb(), ports.sqs(), ports.s3()),
                stackName,
                all,
                CloudTime.resume(stackDir, timeScale),
                events,
                (what, e) -> progress.accept("WARNING " + what + ": " + e.getMessage()))
            .withEndpointPort(port);
    if (code.artifact().isPresent()) {
      options = options.withDeployedCode(code.artifact().get());
    }
    HostedStack hosted =
        HostedStack.start(restart ? options.asRestart() : options, template.templateBody());
    EmulatorPorts.remember(stackDir, hosted.cloud().emulators());
    progress.accept(
        String.format(
            "embedded cloud %s in %.1f s (time scale %s)",
            restart ? "restarted" : "up", hosted.cloud().startup().toMillis() / 1000.0, timeScale));
    return hosted;
  }

  private static StackRecord.Deployed shipped() {
    return new StackRecord.Deployed(ShippedTemplate.text(), ShippedTemplate.parsed(), Map.of());
  }
}
