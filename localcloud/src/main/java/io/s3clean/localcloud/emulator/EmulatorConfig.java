package io.s3clean.localcloud.emulator;

import io.s3clean.engines.ObjectChangeListener;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start the emulators.
 *
 * @param dataDir where state lives so a later process sees it; empty keeps everything in memory
 * @param dynamoDbPort 0 picks a free port
 * @param sqsPort 0 picks a free port
 * @param s3Port 0 picks a free port
 * @param region the region queue ARNs and URLs name
 * @param accountId the account queue ARNs and URLs name
 * @param objectChangeListener told about every object the emulated S3 stores or deletes
 * @param queueUrlPort the loopback port queue URLs name: the cloud's one endpoint, which serves SQS
 *     too; 0 for the SQS emulator's own
 * @param anyPortIfTaken the ports are wishes (those of the last start): an emulator whose port is
 *     taken when it binds listens on any free one instead of failing the start
 */
public record EmulatorConfig(
    Optional<Path> dataDir,
    int dynamoDbPort,
    int sqsPort,
    int s3Port,
    String region,
    String accountId,
    ObjectChangeListener objectChangeListener,
    int queueUrlPort,
    boolean anyPortIfTaken) {

  public static final String DEFAULT_REGION = "us-east-1";

  /** The account id AWS's own examples and most emulators use, so ARNs look like real ones. */
  public static final String DEFAULT_ACCOUNT_ID = "000000000000";

  public EmulatorConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(objectChangeListener, "objectChangeListener");
    requirePort(dynamoDbPort, "dynamoDbPort");
    requirePort(sqsPort, "sqsPort");
    requirePort(s3Port, "s3Port");
    requirePort(queueUrlPort, "queueUrlPort");
  }

  /** Everything in memory, free ports, no listener. */
  public static EmulatorConfig inMemory() {
    return new EmulatorConfig(
        Optional.empty(),
        0,
        0,
        0,
        DEFAULT_REGION,
        DEFAULT_ACCOUNT_ID,
        ObjectChangeListener.NONE,
        0,
        false);
  }

  /** State under {@code dataDir} (created if missing), free ports, no listener. */
  public static EmulatorConfig persistentAt(Path dataDir) {
    return inMemory().withDataDir(dataDir);
  }

  public EmulatorConfig withDataDir(Path dir) {
    return new EmulatorConfig(
        Optional.of(dir),
        dynamoDbPort,
        sqsPort,
        s3Port,
        region,
        accountId,
        objectChangeListener,
        queueUrlPort,
        anyPortIfTaken);
  }

  /** These ports, each one required: a port that is taken fails the start. */
  public EmulatorConfig withPorts(int dynamoDb, int sqs, int s3) {
    return new EmulatorConfig(
        dataDir, dynamoDb, sqs, s3, region, accountId, objectChangeListener, queueUrlPort, false);
  }

  /**
   * These ports if they are free when each emulator binds, any free port otherwise: how a cloud
   * starts again on the ports it had. Checking beforehand is not enough; another connection can
   * take a port as its own between the check and the bind.
   */
  public EmulatorConfig withPreferredPorts(int dynamoDb, int sqs, int s3) {
    return new EmulatorConfig(
        dataDir, dynamoDb, sqs, s3, region, accountId, objectChangeListener, queueUrlPort, true);
  }

  public EmulatorConfig withObjectChangeListener(ObjectChangeListener listener) {
    return new EmulatorConfig(
        dataDir,
        dynamoDbPort,
        sqsPort,
        s3Port,
        region,
        accountId,
        listener,
        queueUrlPort,
        anyPortIfTaken);
  }

  /** Queue URLs name this port (the cloud's endpoint) instead of the SQS emulator's. */
  public EmulatorConfig withQueueUrlPort(int port) {
    return new EmulatorConfig(
        dataDir,
        dynamoDbPort,
        sqsPort,
        s3Port,
        region,
        accountId,
        objectChangeListener,
        port,
        anyPortIfTaken);
  }

  private static void requirePort(int port, String name) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          name + " must be 0 (any free port) or 1-65535, was " + port);
    }
  }
}
