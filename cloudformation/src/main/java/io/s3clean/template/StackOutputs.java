package io.s3clean.template;

import java.util.Map;
import java.util.function.Function;

/**
 * A deployed stack's outputs by what they mean: the one place outside the template where the names
 * of its Outputs are written ({@link Output}), so the CLI, the benchmarks and the soak read a
 * bucket or a table by an accessor the compiler checks; a test holds the names to the template's.
 */
public final class StackOutputs {
  /** Each output the template declares, by its name there. */
  public enum Output {
    WATCHED_BUCKET("WatchedBucketName"),
    PLOT_BUCKET("PlotBucketName"),
    OBJECT_TABLE("ObjectTableName"),
    HISTORY_TABLE("HistoryTableName"),
    TRACKING_QUEUE("TrackingQueueUrl"),
    TRACKING_DLQ("TrackingDlqUrl"),
    LOGGING_QUEUE("LoggingQueueUrl"),
    LOGGING_DLQ("LoggingDlqUrl"),
    TOPIC("TopicArn"),
    NOTIFY_TOPIC("NotifyTopicArn"),
    CLEANER_FAILURE_QUEUE("CleanerFailureQueueUrl"),
    ALARM("AlarmName"),
    METRIC_NAMESPACE("MetricNamespace"),
    METRIC("MetricName"),
    THRESHOLD("Threshold"),
    API_URL("ApiUrl"),
    SIZE_TRACKING_FUNCTION("SizeTrackingFunctionName"),
    EVENT_LOGGING_FUNCTION("EventLoggingFunctionName"),
    CLEANER_FUNCTION("CleanerFunctionName"),
    PLOTTING_FUNCTION("PlottingFunctionName"),
    SIZE_TRACKING_LOG_GROUP("SizeTrackingLogGroupName"),
    EVENT_LOGGING_LOG_GROUP("EventLoggingLogGroupName"),
    CLEANER_LOG_GROUP("CleanerLogGroupName"),
    PLOTTING_LOG_GROUP("PlottingLogGroupName"),
    BUCKET_ADOPTION_FUNCTION("BucketAdoptionFunctionName"),
    BUCKET_ADOPTION_LOG_GROUP("BucketAdoptionLogGroupName");

    private final String key;

    Output(String key) {
      this.key = key;
    }

    /** The output's name in the template and in DescribeStacks. */
    public String key() {
      return key;
    }
  }

  private final Map<String, String> outputs;
  private final Function<String, RuntimeException> missing;

  /**
   * @param outputs the stack's outputs by name, as DescribeStacks gives them
   * @param missing the failure for an output the stack does not have, given its name
   */
  public StackOutputs(Map<String, String> outputs, Function<String, RuntimeException> missing) {
    this.outputs = Map.copyOf(outputs);
    this.missing = missing;
  }

  /** The output's value; the caller's failure if the stack has none of that name. */
  public String get(Output output) {
    String value = outputs.get(output.key());
    if (value == null) {
      throw missing.apply(output.key());
    }
    return value;
  }

  public String watchedBucket() {
    return get(Output.WATCHED_BUCKET);
  }

  public String objectTable() {
    return get(Output.OBJECT_TABLE);
  }

  public String historyTable() {
    return get(Output.HISTORY_TABLE);
  }

  public String trackingQueueUrl() {
    return get(Output.TRACKING_QUEUE);
  }

  public String trackingDlqUrl() {
    return get(Output.TRACKING_DLQ);
  }

  public String loggingQueueUrl() {
    return get(Output.LOGGING_QUEUE);
  }

  public String loggingDlqUrl() {
    return get(Output.LOGGING_DLQ);
  }

  public String topicArn() {
    return get(Output.TOPIC);
  }

  public String alarmName() {
    return get(Output.ALARM);
  }

  public String apiUrl() {
    return get(Output.API_URL);
  }

  public String sizeTrackingFunction() {
    return get(Output.SIZE_TRACKING_FUNCTION);
  }

  public String eventLoggingFunction() {
    return get(Output.EVENT_LOGGING_FUNCTION);
  }

  public String cleanerFunction() {
    return get(Output.CLEANER_FUNCTION);
  }

  public String plottingFunction() {
    return get(Output.PLOTTING_FUNCTION);
  }

  public String sizeTrackingLogGroup() {
    return get(Output.SIZE_TRACKING_LOG_GROUP);
  }
}
