package io.s3clean.cli.command;

import io.s3clean.cli.CliException;
import io.s3clean.cli.DurationConverter;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import io.s3clean.cli.target.BackgroundCloud;
import io.s3clean.cli.target.CloudHost;
import io.s3clean.cli.target.CloudPort;
import io.s3clean.cli.target.LocalTarget;
import io.s3clean.localcloud.RunningCloud;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the embedded cloud, deploying the stack if it has none yet: in the foreground until Ctrl-C,",
      "or with --detach in the background until 's3clean local stop' or its idle timeout.",
      "Other s3clean commands and AWS tools (see 's3clean local env') use it while it runs."
    })
public final class LocalStartCommand extends BaseCommand {
  @Option(
      names = "--detach",
      description =
          "Start the cloud in the background and return once it answers; 's3clean local stop' ends it.")
  boolean detach;

  @Option(
      names = "--idle-timeout",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Stop after this long without a request to the cloud's endpoint (e.g. 30m); 0s never."
              + " Default: never in the foreground, 30m with --detach.")
  Duration idleTimeout;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "The loopback port of the cloud's one AWS endpoint; 0 for any free one."
              + " Default: S3CLEAN_PORT, else "
              + CloudPort.DEFAULT
              + ".")
  String port;

  @Option(
      names = "--deploy",
      hidden = true,
      description =
          "Deploy the stack (with --parameter values over its current ones) before answering.")
  boolean deploy;

  @Option(
      names = "--parameter",
      hidden = true,
      paramLabel = "NAME=VALUE",
      description = "A template parameter for --deploy; the deploy command has checked it.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Override
  public Integer call() throws InterruptedException {
    if (global().target() != GlobalOptions.Target.local) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER, "'local start' runs the embedded cloud; drop --target aws");
    }
    if (idleTimeout != null && idleTimeout.isNegative()) {
      throw new CliException(ExitCodes.BAD_PARAMETER, "--idle-timeout must not be negative");
    }
    int endpointPort = port == null ? CloudPort.configured() : CloudPort.parse(port, "--port");
    if (detach) {
      RunningCloud running =
          BackgroundCloud.start(
              new BackgroundCloud.Spec(
                  global().dataDir(),
                  global().stackName(),
                  global().timeScale(),
                  endpointPort,
                  idleTimeout == null ? LocalTarget.IDLE_TIMEOUT : idleTimeout,
                  null),
              this::progress);
      print(running);
      progress(
          "running in the background as process "
              + running.pid()
              + "; 's3clean local stop' ends it");
      return ExitCodes.OK;
    }
    global().stackName();
    RunningCloud.find(global().dataDir().resolve(global().stackName()))
        .ifPresent(
            other -> {
              throw new CliException(
                  ExitCodes.BAD_ENVIRONMENT,
                  "the embedded cloud for stack "
                      + global().stackName()
                      + " is already running in process "
                      + other.pid()
                      + "; 's3clean local stop' ends it");
            });
    try (CloudHost local = new CloudHost(global(), endpointPort, this::progress)) {
      if (deploy) {
        local.deploy(parameters, this::progress);
      } else {
        local.describe().orElseGet(() -> local.deploy(Map.of(), this::progress));
      }
      print(local.publish());
      Duration timeout = idleTimeout == null ? Duration.ZERO : idleTimeout;
      progress(
          timeout.isZero()
              ? "running; Ctrl-C stops it"
              : "running; Ctrl-C stops it, and so does "
                  + DurationConverter.format(timeout)
                  + " without a request");
      long ready = System.nanoTime();
      // once a second, or a tenth of a shorter idle timeout
      long tick = timeout.isZero() ? 1_000 : Math.min(1_000, Math.max(10, timeout.toMillis() / 10));
      long saved = ready;
      try {
        // Ctrl-C (or local stop's SIGTERM) interrupts this wait (see Interrupts); closing the
        // target stops the cloud
        while (timeout.isZero()
            || local.idle().compareTo(timeout) < 0
            || Duration.ofNanos(System.nanoTime() - ready).compareTo(timeout) < 0) {
          Thread.sleep(tick);
          if (System.nanoTime() - saved >= 1_000_000_000L) {
            // so that even a killed cloud starts again near where it was
            local.saveTime();
            saved = System.nanoTime();
          }
        }
        progress("no request for " + DurationConverter.format(timeout) + ": stopping");
      } finally {
        progress("stopping the embedded cloud");
      }
    }
    return ExitCodes.OK;
  }

  private void print(RunningCloud running) {
    out().println("stack     " + global().stackName());
    running.endpoints().forEach((service, url) -> out().printf("%-9s %s%n", service, url));
    String bucket = running.typed().watchedBucket();
    out().println("bucket    " + bucket);
    out()
        .println(
            "env       eval \"$(s3clean local env)\"   # then: aws s3 cp FILE s3://"
                + bucket
                + "/");
    out().flush();
  }
}
