package io.s3clean.localcloud;

import io.s3clean.clock.ScaledClock;
import io.s3clean.cloudwatch.logs.LogEvent;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.provision.StackEvent;
import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.ShippedTemplate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** An embedded cloud for tests: stack "local", one AWS minute per second. */
public final class LocalClouds {
  static final double TIME_SCALE = 60;

  private LocalClouds() {}

  static LocalCloud start(
      CloudFormationTemplate template,
      EmulatorConfig emulators,
      Consumer<StackEvent> events,
      BiConsumer<String, Throwable> onError) {
    return start(template, emulators, Map.of(), events, onError);
  }

  static LocalCloud start(
      CloudFormationTemplate template,
      EmulatorConfig emulators,
      Map<String, String> parameters,
      Consumer<StackEvent> events,
      BiConsumer<String, Throwable> onError) {
    return LocalCloud.start(
        new LocalCloud.Options(
            template,
            emulators,
            "local",
            withArtifact(parameters),
            ScaledClock.startingNow(TIME_SCALE),
            events,
            onError));
  }

  /**
   * The shipped template, in memory, with {@code parameters}, at {@code timeScale}: what a test
   * drives from outside.
   */
  public static LocalCloud shipped(Map<String, String> parameters, double timeScale) {
    return LocalCloud.start(
        new LocalCloud.Options(
            ShippedTemplate.parsed(),
            EmulatorConfig.inMemory(),
            "local",
            withArtifact(parameters),
            ScaledClock.startingNow(timeScale),
            e -> {},
            (w, e) -> {}));
  }

  /**
   * The shipped template with its defaults, on {@code emulators}, at time scale 60: the options of
   * a cloud a test starts and restarts itself (a {@link HostedStack} on a data directory).
   */
  public static LocalCloud.Options shippedOn(EmulatorConfig emulators) {
    return new LocalCloud.Options(
        ShippedTemplate.parsed(),
        emulators,
        "local",
        withArtifact(Map.of()),
        ScaledClock.startingNow(TIME_SCALE),
        e -> {},
        (w, e) -> {});
  }

  private static Map<String, String> withArtifact(Map<String, String> parameters) {
    Map<String, String> all =
        new java.util.HashMap<>(
            Map.of("ArtifactBucket", "local-artifacts", "ArtifactKey", "s3clean-lambdas.jar"));
    all.putAll(parameters);
    return all;
  }

  /** Every log event of a group so far. */
  static List<LogEvent> logs(LocalCloud cloud, String group) {
    return cloud.cloudWatch().logs().read(group, Instant.EPOCH, line -> true);
  }
}
