package io.s3clean.localcloud.emulator;

import io.s3clean.engines.Emulator;
import io.s3clean.engines.EmulatorStartException;
import io.s3clean.localcloud.endpoint.AwsEndpoint;
import io.s3clean.localcloud.sqs.SqsEngine;
import io.s3clean.localcloud.sqs.SqsJsonService;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The embedded cloud's own SQS engine ({@link SqsEngine}), with an endpoint of its own that serves
 * it alone: the cloud's one endpoint serves the same engine, and the cloud's SNS and pollers call
 * it directly. Queues and messages persist under the data directory's {@code sqs/}.
 */
final class SqsEmulator implements Emulator {
  static final String NAME = "SQS engine";

  private final SqsEngine engine;
  private final AwsEndpoint endpoint;

  private SqsEmulator(SqsEngine engine, AwsEndpoint endpoint) {
    this.engine = engine;
    this.endpoint = endpoint;
  }

  /**
   * @param queueUrlPort the port queue URLs name; 0 for this emulator's own
   */
  static SqsEmulator start(
      int port, Optional<Path> dataDir, String region, String accountId, int queueUrlPort) {
    SqsEngine engine = null;
    try {
      engine = SqsEngine.start(dataDir, region, accountId, Clock.systemUTC());
      AwsEndpoint endpoint =
          new AwsEndpoint(port, Clock.systemUTC(), 1.0).serve("sqs", new SqsJsonService(engine));
      engine.urlBase(
          Emulator.loopbackUri(queueUrlPort != 0 ? queueUrlPort : endpoint.endpoint().getPort())
              .toString());
      return new SqsEmulator(engine, endpoint);
    } catch (IOException | RuntimeException e) {
      if (engine != null) {
        engine.close();
      }
      throw new EmulatorStartException(NAME, e);
    }
  }

  SqsEngine engine() {
    return engine;
  }

  @Override
  public URI endpoint() {
    return endpoint.endpoint();
  }

  @Override
  public void close() {
    try {
      endpoint.close();
    } finally {
      engine.close();
    }
  }
}
