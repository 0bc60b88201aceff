package io.s3clean.localcloud;

import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.lambda.LogSink;
import io.s3clean.localcloud.provision.DataPlaneTypes;
import io.s3clean.localcloud.provision.StackEvent;
import io.s3clean.template.CloudFormationTemplate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** An embedded cloud for tests: stack "local", one AWS minute per second. */
final class LocalClouds {
  private LocalClouds() {}

  static LocalCloud start(CloudFormationTemplate template, EmulatorConfig emulators, LogSink logs,
      Consumer<StackEvent> events, BiConsumer<String, Throwable> onError) {
    return LocalCloud.start(new LocalCloud.Options(template, emulators, "local",
        Map.of("ArtifactBucket", "local-artifacts", "ArtifactKey", "s3clean-lambdas.jar"), 60, Clock.systemUTC(), logs,
        List.of(
            DataPlaneTypes.paperOnly("AWS::Logs::MetricFilter",
                Set.of("LogGroupName", "FilterName", "FilterPattern", "MetricTransformations")),
            DataPlaneTypes.paperOnly("AWS::CloudWatch::Alarm",
                Set.of("AlarmName", "AlarmDescription", "Namespace", "MetricName", "Dimensions", "Statistic", "Period",
                    "EvaluationPeriods", "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData",
                    "AlarmActions", "OKActions", "ActionsEnabled"))),
        events, onError));
  }
}
