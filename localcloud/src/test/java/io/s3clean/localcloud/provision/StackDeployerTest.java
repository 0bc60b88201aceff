package io.s3clean.localcloud.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.clock.ManualClock;
import io.s3clean.template.CloudFormationTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackDeployerTest {

  @Test
  void refusesUnsupportedTypesAndPropertiesByNameBeforeCreatingAnything() {
    CloudFormationTemplate template = CloudFormationTemplate.parse("""
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
        """, "test.yaml");
    List<StackEvent> events = new ArrayList<>();
    // no service behind it: the check must fail before any resource is created
    Deployment nothing = new Deployment("demo", "us-east-1", "000000000000", new ManualClock(Instant.EPOCH),
        null, null, null, null, null, null, null, (w, e) -> {});

    assertThatThrownBy(() -> StackDeployer.standard().deploy(template, Map.of(), nothing, events::add))
        .isInstanceOf(ProvisioningException.class)
        .hasMessage("Server: resource type AWS::EC2::Instance is not supported by the embedded cloud; "
            + "Bucket: property WebsiteConfiguration of AWS::S3::Bucket is not supported by the embedded cloud");
    assertThat(events).isEmpty();
  }
}
