package io.s3clean.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cleanup.CleanupNotifier;
import io.s3clean.cleanup.CleanupReport;
import software.amazon.awssdk.services.sns.SnsClient;

/** One SNS message per cleanup that removed something; its body is the report as JSON. */
public final class SnsCleanupNotifier implements CleanupNotifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SnsClient sns;
  private final String topicArn;

  public SnsCleanupNotifier(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public void cleaned(CleanupReport report) {
    String subject =
        "s3clean removed " + report.deleted().size() + " object(s) from " + report.bucket();
    try {
      String body = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
      // SNS subjects are limited to 100 characters.
      sns.publish(
          r ->
              r.topicArn(topicArn)
                  .subject(subject.length() > 100 ? subject.substring(0, 100) : subject)
                  .message(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cleanup report is not serialisable", e);
    }
  }
}
