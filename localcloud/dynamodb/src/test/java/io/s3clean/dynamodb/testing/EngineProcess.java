package io.s3clean.dynamodb.testing;

import io.s3clean.dynamodb.DynamoDbServer;
import java.nio.file.Path;

/** The engine alone in a process, for tests that kill it: prints its endpoint, then serves. */
public final class EngineProcess {
  private EngineProcess() {}

  public static void main(String[] args) throws InterruptedException {
    DynamoDbServer server =
        DynamoDbServer.start(DynamoDbServer.Options.inMemory().withDataDir(Path.of(args[0])));
    System.out.println(server.endpoint());
    System.out.flush();
    Thread.currentThread().join();
  }
}
