package io.s3clean.cli.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.localcloud.emulator.Emulators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The emulators' ports across stops and starts. A queue's URL names the queue emulator's port, and
 * the stack's queue outputs and physical ids are those URLs: a cloud that starts again on the ports
 * it had keeps them as AWS keeps a queue's URL. A port another program took meanwhile is given up
 * for any free one (and the URLs that name it change): the emulators are started with these ports
 * as preferences ({@code EmulatorConfig.withPreferredPorts}), which fall back when the bind fails,
 * since a port found free beforehand can still be taken before it is bound.
 */
record EmulatorPorts(int dynamoDb, int sqs, int s3) {
  static final String FILE = "ports.json";
  static final EmulatorPorts ANY = new EmulatorPorts(0, 0, 0);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The ports the last start used; 0 (any) for one never noted. */
  static EmulatorPorts remembered(Path stackDir) {
    Path file = stackDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return ANY;
    }
    try {
      JsonNode saved = JSON.readTree(file.toFile());
      return new EmulatorPorts(
          port(saved.path("dynamodb").asInt()),
          port(saved.path("sqs").asInt()),
          port(saved.path("s3").asInt()));
    } catch (IOException e) {
      return ANY;
    }
  }

  /** Notes the ports a started cloud's emulators listen on, for the next start. */
  static void remember(Path stackDir, Emulators emulators) {
    try {
      Files.createDirectories(stackDir);
      Path temporary = stackDir.resolve(FILE + ".tmp");
      Files.writeString(
          temporary,
          JSON.createObjectNode()
              .put("dynamodb", emulators.dynamoDbEndpoint().getPort())
              .put("sqs", emulators.sqsEndpoint().getPort())
              .put("s3", emulators.s3Endpoint().getPort())
              .toString());
      Files.move(
          temporary,
          stackDir.resolve(FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the next start takes any free ports: the URLs change, nothing is lost
    }
  }

  private static int port(int saved) {
    return saved <= 0 || saved > 65_535 ? 0 : saved;
  }
}
