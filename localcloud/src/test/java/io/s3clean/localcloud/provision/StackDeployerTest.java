package io.s3clean.localcloud.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.clock.ManualClock;
import io.s3clean.cloudwatch.CloudWatchSim;
import io.s3clean.cloudwatch.metrics.MetricId;
import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.Resource;
import io.s3clean.template.ShippedTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StackDeployerTest {

  @Test
  void refusesUnsupportedTypesAndPropertiesByNameBeforeCreatingAnything() {
    CloudFormationTemplate template =
        CloudFormationTemplate.parse(
            """
        Resources:
          Server:
            Type: AWS::EC2::Instance
            Properties: {ImageId: ami-123}
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: b
              WebsiteConfiguration: {IndexDocument: index.html}
          Queue:
            Type: AWS::SQS::Queue
            Properties: {QueueName: q}
        """,
            "test.yaml");
    List<StackEvent> events = new ArrayList<>();
    // no service behind it: the check must fail before any resource is created
    Deployment nothing =
        new Deployment(
            "demo",
            "us-east-1",
            "000000000000",
            new ManualClock(Instant.EPOCH),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            (w, e) -> {},
            null);

    assertThatThrownBy(
            () -> StackDeployer.standard().deploy(template, Map.of(), nothing, events::add))
        .isInstanceOf(ProvisioningException.class)
        .hasMessage(
            "Server: resource type AWS::EC2::Instance is not supported by the embedded cloud; "
                + "Bucket: property WebsiteConfiguration of AWS::S3::Bucket is not supported by the embedded cloud");
    assertThat(events).isEmpty();
  }

  private static final Map<String, String> ARTIFACT =
      Map.of("ArtifactBucket", "b", "ArtifactKey", "k");

  @Test
  void aTemplateRuleThatDoesNotHoldFailsTheDeployBeforeAnyResourceOrEvent() {
    List<StackEvent> events = new ArrayList<>();
    // no service behind it: the rule must refuse before any resource is created
    Deployment nothing =
        new Deployment(
            "demo",
            "us-east-1",
            "000000000000",
            new ManualClock(Instant.EPOCH),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            (w, e) -> {},
            null);
    Map<String, String> parameters = new java.util.HashMap<>(ARTIFACT);
    parameters.put("BatchSize", "11");
    parameters.put("MaximumBatchingWindowInSeconds", "0");

    assertThatThrownBy(
            () ->
                StackDeployer.standard()
                    .deploy(ShippedTemplate.parsed(), parameters, nothing, events::add))
        .isInstanceOf(ProvisioningException.class)
        .hasMessage(
            "BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1: Lambda refuses an SQS"
                + " event source mapping with a larger batch and no batching window");
    assertThat(events).isEmpty();
  }

  /**
   * A deployment with only the simulated CloudWatch behind it: enough for log groups and metric
   * filters.
   */
  private static Deployment cloudWatchOnly(CloudWatchSim cloudWatch) {
    return new Deployment(
        "demo",
        "us-east-1",
        "000000000000",
        cloudWatch.clock(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        cloudWatch,
        (w, e) -> {},
        null);
  }

  /** The shipped template's log groups and metric filters, everything else left out. */
  private static CloudFormationTemplate shippedMetricFilters() {
    CloudFormationTemplate template = ShippedTemplate.parsed();
    Set<String> kept = Set.of("AWS::Logs::LogGroup", "AWS::Logs::MetricFilter");
    template.resources().values().stream()
        .filter(r -> !kept.contains(r.type()))
        .map(Resource::logicalId)
        .toList()
        .forEach(((Map<?, ?>) template.root().get("Resources"))::remove);
    template.root().remove("Outputs");
    return template;
  }

  @Test
  void theShippedMetricFilterNamesItsDimensionSoTheTrackersLinePublishesTheAlarmsMetric() {
    List<StackEvent> events = new ArrayList<>();
    try (CloudWatchSim cloudWatch =
        CloudWatchSim.builder(new ManualClock(Instant.parse("2026-12-03T10:00:00Z"))).build()) {
      // when
      DeployedStack stack =
          StackDeployer.standard()
              .deploy(shippedMetricFilters(), ARTIFACT, cloudWatchOnly(cloudWatch), events::add);

      // then: no warning, and the size tracker's line becomes the datapoint the alarm asks for
      assertThat(stack.warnings()).isEmpty();
      assertThat(events).noneMatch(e -> e.reason().contains("WARNING"));
      String group = "/aws/lambda/demo-size-tracking";
      cloudWatch
          .logs()
          .append(
              group,
              "s",
              "{\"level\":\"INFO\",\"message\":\"size_tracked\","
                  + "\"bucket\":\"demo-000000000000-us-east-1-watched\",\"key\":\"a.txt\",\"total_size\":46,\"seq\":1}");
      cloudWatch
          .logs()
          .append(
              group, "s", "{\"level\":\"INFO\",\"message\":\"size_tracked\",\"total_size\":99}");
      assertThat(cloudWatch.metrics().metrics())
          .containsExactly(
              new MetricId(
                  "S3Clean",
                  "CurrentTotalSize",
                  Map.of("BucketName", "demo-000000000000-us-east-1-watched")));
      assertThat(
              cloudWatch
                  .metrics()
                  .latest(cloudWatch.metrics().metrics().get(0))
                  .orElseThrow()
                  .value())
          .isEqualTo(46);
    }
  }

  @Test
  void aMetricFilterDimensionThePatternDoesNotNameDeploysWithAWarningOnItsEvent() {
    // given: two filters of one group, the second reading BucketName from a field its pattern does
    // not name
    CloudFormationTemplate template =
        CloudFormationTemplate.parse(
            """
        Resources:
          Group:
            Type: AWS::Logs::LogGroup
            Properties: {LogGroupName: /aws/lambda/tracker}
          Named:
            Type: AWS::Logs::MetricFilter
            Properties:
              LogGroupName: !Ref Group
              FilterPattern: '{ ($.total_size = *) && ($.bucket = *) }'
              MetricTransformations:
                - {MetricNamespace: S3Clean, MetricName: CurrentTotalSize, MetricValue: $.total_size,
                   Dimensions: [{Key: BucketName, Value: $.bucket}]}
          Unnamed:
            Type: AWS::Logs::MetricFilter
            Properties:
              LogGroupName: !Ref Group
              FilterPattern: '{ $.total_size = * }'
              MetricTransformations:
                - {MetricNamespace: S3Clean, MetricName: Other, MetricValue: $.total_size,
                   Dimensions: [{Key: BucketName, Value: $.bucket}]}
        """,
            "test.yaml");
    List<StackEvent> events = new ArrayList<>();
    try (CloudWatchSim cloudWatch = CloudWatchSim.builder(new ManualClock(Instant.EPOCH)).build()) {
      // when
      DeployedStack stack =
          StackDeployer.standard()
              .deploy(template, Map.of(), cloudWatchOnly(cloudWatch), events::add);

      // then: the deploy succeeds, and says so once, for that filter only
      assertThat(stack.warnings())
          .singleElement()
          .asString()
          .startsWith(
              "Unnamed: dimension BucketName of Other reads $.bucket, which the filter pattern { $.total_size = * }"
                  + " does not name");
      assertThat(events)
          .filteredOn(e -> e.reason().startsWith("WARNING: "))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.logicalId()).isEqualTo("Unnamed");
                assertThat(e.status()).isEqualTo("CREATE_COMPLETE");
                assertThat(e.toString())
                    .contains("Unnamed  WARNING: dimension BucketName of Other reads $.bucket");
              });
    }
  }
}
