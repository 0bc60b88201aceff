package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * At time scale 1 the local target's functions run the build's Lambda jar from the cloud's artifact
 * bucket, in processes of AWS's Java runtime, as on Lambda.
 */
class LocalDeployedCodeTest {
  @TempDir Path dataDir;

  @Test
  void atTimeScaleOneTheFunctionsRunTheBuildsJarFromTheArtifactBucket() throws Exception {
    try (CloudHost running =
        new CloudHost(
            "s3clean", dataDir.resolve("s3clean"), 1, line -> {}, EmbeddedClouds::start)) {
      StackTarget.StackInfo stack = running.deploy(Map.of(), line -> {});
      running.publish();
      String bucket = stack.typed().watchedBucket();
      String trackingLogs = stack.typed().sizeTrackingLogGroup();

      running
          .s3()
          .putObject(r -> r.bucket(bucket).key("seen.txt"), RequestBody.fromBytes(new byte[5]));

      long deadline = System.nanoTime() + 60_000_000_000L;
      while (running.logs(trackingLogs, Instant.EPOCH).stream()
              .noneMatch(l -> l.message().contains("\"key\":\"seen.txt\""))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(running.logs(trackingLogs, Instant.EPOCH))
          .anyMatch(
              line ->
                  line.message().contains("\"size_tracked\"")
                      && line.message().contains("\"key\":\"seen.txt\""))
          // a cold start of an execution environment: what only deployed code reports
          .anyMatch(
              line ->
                  line.message().startsWith("REPORT RequestId: ")
                      && line.message().contains("Init Duration: "));
      assertThat(
              running.s3().listObjectsV2(r -> r.bucket(EmbeddedClouds.ARTIFACT_BUCKET)).contents())
          .extracting(o -> o.key())
          .containsExactly(LambdaArtifact.locate(Optional.empty()).key());
      assertThat(stack.parameters())
          .containsEntry("ArtifactKey", LambdaArtifact.locate(Optional.empty()).key());

      // a deploy from a command at the default time scale updates the cloud as it runs: with the
      // jar
      java.util.List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
      try (LocalTarget attached =
          new LocalTarget(dataDir, "s3clean", 60, 0, java.time.Duration.ZERO, progress::add)) {
        StackTarget.StackInfo updated =
            attached.deploy(Map.of("ThresholdBytes", "1000000"), progress::add);
        assertThat(updated.parameters())
            .containsEntry("ThresholdBytes", "1000000")
            .containsEntry("ArtifactKey", LambdaArtifact.locate(Optional.empty()).key());
        assertThat(progress)
            .anyMatch(line -> line.startsWith("Lambda code unchanged: s3://local-artifacts/"));
      }
    }
  }
}
