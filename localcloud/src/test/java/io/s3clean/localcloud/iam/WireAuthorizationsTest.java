package io.s3clean.localcloud.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.localcloud.endpoint.AwsRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IAM actions and resources read off the wire, per the service authorisation reference. */
class WireAuthorizationsTest {
  private final WireAuthorizations wire = new WireAuthorizations("us-east-1", "000000000000");

  private static AwsRequest request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    return new AwsRequest(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private static AwsRequest json(String target, String body) {
    return request(
        "POST",
        "/",
        "",
        Map.of(
            "X-Amz-Target", List.of(target), "Content-Type", List.of("application/x-amz-json-1.0")),
        body);
  }

  @Test
  void aTransactionNeedsEachItemsActionOnItsTable() {
    assertThat(
            wire.of(
                "dynamodb",
                json(
                    "DynamoDB_20120810.TransactWriteItems",
                    "{\"TransactItems\": ["
                        + "{\"Put\": {\"TableName\": \"objects\"}}, {\"Update\": {\"TableName\": \"state\"}},"
                        + "{\"ConditionCheck\": {\"TableName\": \"arn:aws:dynamodb:us-east-1:000000000000:table/other\"}}]}")))
        .containsExactly(
            new AccessRequest(
                "dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:000000000000:table/objects"),
            new AccessRequest(
                "dynamodb:UpdateItem", "arn:aws:dynamodb:us-east-1:000000000000:table/state"),
            new AccessRequest(
                "dynamodb:ConditionCheckItem",
                "arn:aws:dynamodb:us-east-1:000000000000:table/other"));
    assertThat(
            wire.of(
                "dynamodb",
                json(
                    "DynamoDB_20120810.Query",
                    "{\"TableName\": \"objects\", " + "\"IndexName\": \"BySize\"}")))
        .containsExactly(
            new AccessRequest(
                "dynamodb:Query",
                "arn:aws:dynamodb:us-east-1:000000000000:table/objects/index/BySize"));
  }

  @Test
  void s3KeysAndBucketsAreDecodedAndSubresourcesHaveTheirOwnActions() {
    assertThat(wire.of("s3", request("HEAD", "/my%2Dbucket/a%20b+c", "", Map.of(), "")))
        .containsExactly(new AccessRequest("s3:GetObject", "arn:aws:s3:::my-bucket/a b c"));
    assertThat(wire.of("s3", request("DELETE", "/b/k", "versionId=3", Map.of(), "")))
        .containsExactly(new AccessRequest("s3:DeleteObjectVersion", "arn:aws:s3:::b/k"));
    assertThat(wire.of("s3", request("PUT", "/b/k", "acl", Map.of(), "")))
        .containsExactly(new AccessRequest("s3:PutObjectAcl", "arn:aws:s3:::b/k"));
    assertThat(wire.of("s3", request("GET", "/b", "list-type=2", Map.of(), "")))
        .containsExactly(new AccessRequest("s3:ListBucket", "arn:aws:s3:::b"));
    assertThat(wire.of("s3", request("PUT", "/b", "", Map.of(), "")))
        .containsExactly(new AccessRequest("s3:CreateBucket", "arn:aws:s3:::b"));
    // a malformed escape is S3's to refuse, not a failure of the check
    assertThat(wire.of("s3", request("GET", "/b/100%", "", Map.of(), "")))
        .containsExactly(new AccessRequest("s3:GetObject", "arn:aws:s3:::b/100%"));
  }

  @Test
  void deleteObjectsNeedsDeleteObjectOnEveryKeyItNamesWhateverItsXmlLooksLike() {
    String body =
        "<?xml version=\"1.0\"?><s3:Delete xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<s3:Object><s3:Key>tmp/x</s3:Key></s3:Object><Object><Key>secret\nfile</Key></Object>"
            + "<Object><Key>line&#x0A;break &amp; more</Key></Object></s3:Delete>";

    assertThat(wire.of("s3", request("POST", "/b", "delete", Map.of(), body)))
        .containsExactly(
            new AccessRequest("s3:DeleteObject", "arn:aws:s3:::b/tmp/x"),
            new AccessRequest("s3:DeleteObject", "arn:aws:s3:::b/secret\nfile"),
            new AccessRequest("s3:DeleteObject", "arn:aws:s3:::b/line\nbreak & more"));
  }

  @Test
  void deleteObjectsOfAVersionNeedsDeleteObjectVersionAndLifecycleHasItsOwnActions() {
    String body =
        "<Delete><Object><Key>a</Key><VersionId>v1</VersionId></Object>"
            + "<Object><Key>b</Key></Object></Delete>";

    assertThat(wire.of("s3", request("POST", "/b", "delete", Map.of(), body)))
        .containsExactly(
            new AccessRequest("s3:DeleteObjectVersion", "arn:aws:s3:::b/a"),
            new AccessRequest("s3:DeleteObject", "arn:aws:s3:::b/b"));
    assertThat(wire.of("s3", request("PUT", "/b", "lifecycle", Map.of(), "<x/>")))
        .containsExactly(new AccessRequest("s3:PutLifecycleConfiguration", "arn:aws:s3:::b"));
    assertThat(wire.of("s3", request("GET", "/b", "lifecycle", Map.of(), "")))
        .containsExactly(new AccessRequest("s3:GetLifecycleConfiguration", "arn:aws:s3:::b"));
    assertThat(wire.of("s3", request("DELETE", "/b", "lifecycle", Map.of(), "")))
        .containsExactly(new AccessRequest("s3:PutLifecycleConfiguration", "arn:aws:s3:::b"));
  }

  @Test
  void aJsonBodyWithAPercentSignIsReadAsJson() {
    assertThat(
            wire.of(
                "sqs",
                json(
                    "AmazonSQS.SendMessageBatch",
                    "{\"QueueUrl\": "
                        + "\"http://127.0.0.1:4599/000000000000/tracking\", \"Entries\": [{\"MessageBody\": \"100% done\"}]}")))
        .containsExactly(
            new AccessRequest("sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:tracking"));
  }

  @Test
  void setAlarmStateIsCheckedOnTheAlarmInTheQueryAndJsonProtocols() {
    AwsRequest query =
        request(
            "POST",
            "/",
            "",
            Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
            "Action=SetAlarmState&AlarmName=total-size&StateValue=OK&StateReason=at%20100%25");
    AwsRequest json =
        json(
            "GraniteServiceVersion20100801.SetAlarmState",
            "{\"AlarmName\": \"total-size\", \"StateValue\": \"OK\", \"StateReason\": \"at 100%\"}");

    for (AwsRequest request : List.of(query, json)) {
      assertThat(wire.of("monitoring", request))
          .containsExactly(
              new AccessRequest(
                  "cloudwatch:SetAlarmState",
                  "arn:aws:cloudwatch:us-east-1:000000000000:alarm:total-size"));
    }
  }

  @Test
  void getCallerIdentityNeedsNothingAndAssumeRoleIsCheckedOnTheRole() {
    Map<String, List<String>> form =
        Map.of("Content-Type", List.of("application/x-www-form-urlencoded"));
    assertThat(wire.of("sts", request("POST", "/", "", form, "Action=GetCallerIdentity")))
        .isEmpty();
    assertThat(
            wire.of(
                "sts",
                request(
                    "POST",
                    "/",
                    "",
                    form,
                    "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fr&RoleSessionName=s")))
        .containsExactly(new AccessRequest("sts:AssumeRole", "arn:aws:iam::000000000000:role/r"));
  }

  @Test
  void aPreSignedUrlNamesItsAccessKeyInTheQuery() {
    AwsRequest presigned =
        request(
            "GET",
            "/b/k",
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                + "ASIAEXAMPLE%2F20261204%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=x",
            Map.of(),
            "");

    assertThat(presigned.accessKeyId()).contains("ASIAEXAMPLE");
    assertThat(presigned.signingService()).contains("s3");
  }

  @Test
  void aWildcardMatchesAKeyWithALineBreak() {
    Policy policy =
        Policy.fromDocuments(
            List.of(
                Map.of(
                    "Statement",
                    List.of(
                        Map.of(
                            "Effect",
                            "Allow",
                            "Action",
                            "s3:DeleteObject",
                            "Resource",
                            "arn:aws:s3:::b/*")))));

    assertThat(policy.allowing("s3:DeleteObject", "arn:aws:s3:::b/secret\nfile")).isNotNull();
    assertThat(policy.allowing("s3:DeleteObject", "arn:aws:s3:::c/secret")).isNull();
  }
}
