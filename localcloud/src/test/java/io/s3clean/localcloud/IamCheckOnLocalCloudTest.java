package io.s3clean.localcloud;

import static io.s3clean.localcloud.LocalCloudTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.iam.IamCheck;
import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.ShippedTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A function's SDK calls pass its role's policy from the template, or fail as they would on AWS.
 */
class IamCheckOnLocalCloudTest {

  @Test
  void aHandlerWhoseRoleLacksAPermissionFailsWithAccessDeniedAndRestoringItMakesItPass() {
    // given the size tracker's role without dynamodb:PutItem on the ObjectTable
    CloudFormationTemplate withoutPutItem = ShippedTemplate.parsed();
    objectTableActions(withoutPutItem).remove("dynamodb:PutItem");
    try (LocalCloud cloud =
        LocalClouds.start(withoutPutItem, EmulatorConfig.inMemory(), e -> {}, (w, e) -> {})) {
      String bucket = cloud.stack().output("WatchedBucketName");
      LedgerReader ledger =
          new DynamoLedgerReader(
              cloud.clients().dynamoDb(), cloud.stack().output("ObjectTableName"));

      // when an object is uploaded
      cloud
          .clients()
          .s3()
          .putObject(r -> r.bucket(bucket).key("denied.txt"), RequestBody.fromBytes(new byte[7]));

      // then the ledger write is refused with AWS's AccessDenied message, and nothing is recorded
      await(
          () ->
              LocalClouds.logs(cloud, "/aws/lambda/local-size-tracking").stream()
                  .anyMatch(
                      e ->
                          e.message()
                              .contains(
                                  "is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/")),
          "an AccessDenied for dynamodb:PutItem in the size tracker's log");
      assertThat(ledger.find(bucket, "denied.txt")).isEmpty();

      // and when the permission is restored, the redelivered event is applied
      assertThat(cloud.updateRolePolicies(ShippedTemplate.parsed())).contains("SizeTrackingRole");
      await(
          () -> ledger.find(bucket, "denied.txt").isPresent(),
          "the event applied after the policy was restored");
      assertThat(ledger.state(bucket).totalSize()).isEqualTo(7);

      // and the grants no call used are listed, so the policy can be trimmed
      Map<String, List<IamCheck.Grant>> unused = cloud.functions().unusedGrants();
      assertThat(unused.get("local-size-tracking"))
          .extracting(IamCheck.Grant::action)
          .contains("cloudwatch:SetAlarmState")
          .doesNotContain("dynamodb:BatchGetItem", "sqs:ReceiveMessage", "logs:PutLogEvents");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> objectTableActions(CloudFormationTemplate template) {
    Map<String, Object> policy =
        (Map<String, Object>)
            ((List<Object>) template.resource("SizeTrackingRole").properties().get("Policies"))
                .get(0);
    List<Object> statements =
        (List<Object>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
    return (List<Object>) ((Map<String, Object>) statements.get(0)).get("Action");
  }
}
