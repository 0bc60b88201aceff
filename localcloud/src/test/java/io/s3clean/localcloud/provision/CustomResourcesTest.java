package io.s3clean.localcloud.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.clock.ScaledClock;
import io.s3clean.localcloud.HostedStack;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.lambda.runtime.RuntimeTestHandlers;
import io.s3clean.localcloud.lambda.runtime.TestJars;
import io.s3clean.template.CloudFormationTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom resources served by a Lambda function: the documented request, the response at a
 * pre-signed URL of the cloud's S3, its Data for Fn::GetAtt, a FAILED response and no response in
 * CloudFormation's words, nothing sent again on a restart, Delete when the stack is deleted.
 */
class CustomResourcesTest {
  private static final String TEMPLATE =
      """
      Parameters:
        Value: {Type: String}
        Outcome: {Type: String, Default: SUCCESS}
        Timeout: {Type: Number, Default: 3600}
      Resources:
        ProviderRole:
          Type: AWS::IAM::Role
          Properties:
            Policies:
              - PolicyName: logs
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Action: [logs:CreateLogStream, logs:PutLogEvents]
                      Resource: "*"
        Provider:
          Type: AWS::Lambda::Function
          Properties:
            FunctionName: provider
            Runtime: java21
            Handler: io.s3clean.localcloud.lambda.runtime.RuntimeTestHandlers$CustomResource::handleRequest
            Role: !GetAtt ProviderRole.Arn
            Code: {S3Bucket: code, S3Key: provider.jar}
            Timeout: 30
            MemorySize: 256
        Echo:
          Type: Custom::Echo
          Properties:
            ServiceToken: !GetAtt Provider.Arn
            ServiceTimeout: !Ref Timeout
            Value: !Ref Value
            Outcome: !Ref Outcome
      Outputs:
        Echoed: {Value: !GetAtt Echo.Echo}
        Physical: {Value: !Ref Echo}
      """;

  @TempDir Path folder;
  private Path jar;
  private final List<String> errors = new CopyOnWriteArrayList<>();

  @BeforeEach
  void provider() throws Exception {
    jar = folder.resolve("provider.jar");
    Files.write(jar, TestJars.of(RuntimeTestHandlers.class));
  }

  private LocalCloud.Options options(
      EmulatorConfig emulators,
      Map<String, String> parameters,
      List<io.s3clean.localcloud.provision.StackEvent> events) {
    return new LocalCloud.Options(
            CloudFormationTemplate.parse(TEMPLATE, "custom.yaml"),
            emulators,
            "custom",
            parameters,
            ScaledClock.realTime(),
            events::add,
            (what, e) -> errors.add(what + ": " + e))
        .withDeployedCode(new LocalCloud.Artifact("code", "provider.jar", jar));
  }

  private static List<String> providerLog(LocalCloud cloud) {
    return cloud
        .cloudWatch()
        .logs()
        .read("/aws/lambda/provider", Instant.EPOCH, line -> true)
        .stream()
        .map(event -> event.message())
        .toList();
  }

  /**
   * The provider's request lines once the log holds {@code count} of them: the response can come
   * before its invocation ends and writes its log, on AWS as here.
   */
  private static List<String> requests(LocalCloud cloud, int count) throws InterruptedException {
    return requests(cloud, count, 20);
  }

  private static List<String> requests(LocalCloud cloud, int count, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<String> lines;
    do {
      lines =
          providerLog(cloud).stream()
              .filter(line -> line.startsWith("custom resource request:"))
              .toList();
      if (lines.size() >= count) {
        return lines;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return lines;
  }

  @Test
  void aCreateIsAnsweredAtThePresignedUrlAndItsDataIsWhatGetAttReadsAndARestartSendsNothing()
      throws Exception {
    List<StackEvent> events = new CopyOnWriteArrayList<>();
    EmulatorConfig onDisk = EmulatorConfig.persistentAt(folder.resolve("data"));
    try (LocalCloud cloud = LocalCloud.start(options(onDisk, Map.of("Value", "hello"), events))) {
      assertThat(cloud.stack().outputs())
          .containsEntry("Echoed", "hello")
          .containsEntry("Physical", "echo-hello");
      assertThat(requests(cloud, 1))
          .containsExactly("custom resource request: Create Echo echo-hello");
      assertThat(events)
          .anyMatch(
              e ->
                  e.logicalId().equals("Echo")
                      && e.status().equals("CREATE_COMPLETE")
                      && e.resourceType().equals("Custom::Echo"));
    }
    try (LocalCloud restarted =
        LocalCloud.start(
            options(onDisk, Map.of("Value", "hello"), new CopyOnWriteArrayList<>()).asRestart())) {
      assertThat(restarted.stack().outputs()).containsEntry("Echoed", "hello");
      // the log kept from before holds the one Create: nothing was sent again
      // a second request would show within seconds: none does
      assertThat(requests(restarted, 2, 3))
          .containsExactly("custom resource request: Create Echo echo-hello");
    }
    assertThat(errors).isEmpty();
  }

  @Test
  void aFailedResponseFailsTheResourceWithItsReason() {
    List<StackEvent> events = new CopyOnWriteArrayList<>();
    assertThatThrownBy(
            () ->
                LocalCloud.start(
                    options(
                        EmulatorConfig.inMemory(),
                        Map.of("Value", "x", "Outcome", "FAILED"),
                        events)))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining(
            "Received response status [FAILED] from custom resource. Message returned: told to fail");
    assertThat(events)
        .anyMatch(e -> e.logicalId().equals("Echo") && e.status().equals("CREATE_FAILED"));
  }

  @Test
  void noResponseWithinTheServiceTimeoutFailsTheResource() {
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                LocalCloud.start(
                    options(
                        EmulatorConfig.inMemory(),
                        Map.of("Value", "x", "Outcome", "SILENT", "Timeout", "3"),
                        new CopyOnWriteArrayList<>())))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining(
            "CloudFormation did not receive a response from your Custom Resource");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aStackDeletionSendsDeleteBeforeTheFunctionsStop() throws Exception {
    List<StackEvent> events = new CopyOnWriteArrayList<>();
    try (HostedStack hosted =
        HostedStack.start(
            options(EmulatorConfig.inMemory(), Map.of("Value", "bye"), events), TEMPLATE)) {
      hosted.delete().get(60, TimeUnit.SECONDS);
    }
    assertThat(events)
        .anyMatch(e -> e.logicalId().equals("Echo") && e.status().equals("DELETE_COMPLETE"));
    assertThat(events).noneMatch(e -> e.status().equals("DELETE_FAILED"));
  }

  @Test
  void
      anUpdateSendsUpdateWithTheOldPropertiesOnlyForWhatChangedAndTheCleanupDeletesWhatTheTemplateDropped()
          throws Exception {
    List<StackEvent> events = new CopyOnWriteArrayList<>();
    EmulatorConfig onDisk = EmulatorConfig.persistentAt(folder.resolve("data"));
    try (HostedStack hosted =
        HostedStack.start(options(onDisk, Map.of("Value", "hello"), events), TEMPLATE)) {
      // the Create's invocation can outlast its response: its log is written when it ends, before
      // the update
      assertThat(requests(hosted.cloud(), 1))
          .containsExactly("custom resource request: Create Echo echo-hello");
      assertThat(
              hosted
                  .execute(update(TEMPLATE, Map.of("Value", "changed")))
                  .get(60, TimeUnit.SECONDS))
          .isTrue();
      assertThat(hosted.cloud().stack().outputs())
          .containsEntry("Echoed", "changed")
          .containsEntry("Physical", "echo-hello");
      assertThat(requests(hosted.cloud(), 2))
          .containsExactly(
              "custom resource request: Create Echo echo-hello",
              "custom resource request: Update Echo echo-hello");

      String withoutEcho = TEMPLATE.substring(0, TEMPLATE.indexOf("  Echo:\n")) + "Outputs: {}\n";
      assertThat(
              hosted
                  .execute(update(withoutEcho, Map.of("Value", "changed")))
                  .get(60, TimeUnit.SECONDS))
          .isTrue();
      assertThat(requests(hosted.cloud(), 3))
          .last()
          .isEqualTo("custom resource request: Delete Echo echo-hello");
    }
    assertThat(errors).isEmpty();
  }

  private static io.s3clean.localcloud.cfn.ChangeSet update(
      String template, Map<String, String> parameters) {
    return new io.s3clean.localcloud.cfn.ChangeSet(
        "arn:changeSet/update",
        "update",
        "custom-stack",
        "custom",
        "UPDATE",
        "",
        new io.s3clean.localcloud.cfn.StackRecord.Deployed(
            template, CloudFormationTemplate.parse(template, "custom.yaml"), parameters),
        List.of(),
        "CREATE_COMPLETE",
        "",
        "AVAILABLE",
        Instant.now());
  }
}
