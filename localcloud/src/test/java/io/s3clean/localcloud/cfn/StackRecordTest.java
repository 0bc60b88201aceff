package io.s3clean.localcloud.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.provision.DeployedStack;
import io.s3clean.localcloud.provision.StackEvent;
import io.s3clean.template.ShippedTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a stack's record keeps, and how a stack that was stopped mid-change, or failed to settle, is
 * answered.
 */
class StackRecordTest {
  private static final StackRecord.Deployed TEMPLATE =
      StackRecord.Deployed.of(
          ShippedTemplate.parsed(), Map.of("ArtifactBucket", "b", "ArtifactKey", "k"));
  private static final DeployedStack DEPLOYED =
      new DeployedStack(
          "local",
          Map.of("ArtifactBucket", "b", "ArtifactKey", "k"),
          Map.of(),
          Map.of(),
          List.of(),
          List.of());

  @TempDir Path dir;

  @Test
  void aCloudStoppedDuringAnUpdateStartsAgainWithTheUpdateSettledNotInProgressForEver() {
    Path file = dir.resolve("local.json");
    for (String interrupted :
        List.of("UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")) {
      StackRecord first = created(file);
      first.record(stackEvent(interrupted));

      StackRecord restarted =
          new StackRecord("us-east-1", "000000000000", "local", TEMPLATE, Optional.of(file), true);

      assertThat(restarted.status())
          .as("after %s", interrupted)
          .isEqualTo(
              interrupted.equals("UPDATE_IN_PROGRESS")
                  ? "UPDATE_ROLLBACK_COMPLETE"
                  : "UPDATE_COMPLETE");
      assertThat(restarted.stackId()).isEqualTo(first.stackId());
      assertThat(StackRecord.kept(file, "local")).isPresent();
    }
  }

  @Test
  void aDeletedStackKeepsItsRecordButNothingToRunAgain() {
    Path file = dir.resolve("local.json");
    StackRecord record = created(file);
    record.record(stackEvent("DELETE_IN_PROGRESS"));
    record.deleted();
    record.record(stackEvent("DELETE_COMPLETE"));

    assertThat(StackRecord.kept(file, "local")).isEmpty();
    assertThat(StackRecord.kept(file, "other")).isEmpty();
  }

  @Test
  void aStackWhoseRollbackFailedTakesNoChangeSetAndSaysWhy() {
    StackRecord record = created(dir.resolve("local.json"));
    record.record(stackEvent("UPDATE_ROLLBACK_FAILED"));
    CloudFormationService service = new CloudFormationService(record);

    AwsResponse refused =
        service.handle(
            form(
                "Action=CreateChangeSet&StackName=local&ChangeSetName=again"
                    + "&UsePreviousTemplate=true&Capabilities.member.1=CAPABILITY_IAM"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(new String(refused.body(), StandardCharsets.UTF_8))
        .contains("<Code>ValidationError</Code>")
        .contains("is in UPDATE_ROLLBACK_FAILED state and can not be updated");
  }

  private static StackRecord created(Path file) {
    StackRecord record =
        new StackRecord("us-east-1", "000000000000", "local", TEMPLATE, Optional.of(file), false);
    record.record(stackEvent("CREATE_IN_PROGRESS"));
    record.completed(TEMPLATE, DEPLOYED);
    record.record(stackEvent("CREATE_COMPLETE"));
    return record;
  }

  private static StackEvent stackEvent(String status) {
    return new StackEvent(Instant.now(), "local", StackRecord.STACK_TYPE, status, "");
  }

  private static AwsRequest form(String body) {
    return new AwsRequest(
        "POST",
        "/",
        "",
        Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
