package io.s3clean.dynamodb.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real AWS CLI (botocore builds its requests from AWS's own service models), run against one
 * endpoint with a bare environment: nothing from a developer's own AWS set-up reaches it. Shared
 * with other modules' tests through this module's test jar.
 */
public final class AwsCli {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final Path home;
  private final Map<String, String> credentials;

  /** What the CLI printed and how it exited. */
  public record Run(int exitCode, String stdout, String stderr) {
    public JsonNode json() {
      try {
        return JSON.readTree(stdout);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON on stdout: " + stdout + "\nstderr: " + stderr, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  /**
   * @param home a scratch directory for the CLI's HOME
   */
  public AwsCli(URI endpoint, Path home) {
    this(endpoint, home, Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
  }

  private AwsCli(URI endpoint, Path home, Map<String, String> credentials) {
    this.endpoint = endpoint;
    this.home = home;
    this.credentials = Map.copyOf(credentials);
  }

  /** The same CLI, signing with these temporary credentials (AWS_SESSION_TOKEN as well). */
  public AwsCli withCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    return new AwsCli(
        endpoint,
        home,
        Map.of(
            "AWS_ACCESS_KEY_ID",
            accessKeyId,
            "AWS_SECRET_ACCESS_KEY",
            secretAccessKey,
            "AWS_SESSION_TOKEN",
            sessionToken));
  }

  /**
   * The CLI's major version ("aws-cli/1.45.11 Python/..." is 1), or empty when `aws` does not
   * answer.
   */
  public static Optional<Integer> majorVersion() {
    try {
      Process probe = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      String version = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
        return Optional.empty();
      }
      Matcher major = Pattern.compile("aws-cli/(\\d+)\\.").matcher(version);
      return Optional.of(major.find() ? Integer.parseInt(major.group(1)) : 2);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Runs {@code aws <args> --endpoint-url <endpoint> --output json}. */
  public Run run(String... args) {
    List<String> command = new ArrayList<>(List.of("aws"));
    command.addAll(Arrays.asList(args));
    command.addAll(List.of("--endpoint-url", endpoint.toString(), "--output", "json"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_"));
    env.putAll(credentials);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_PAGER", "");
    env.put("HOME", home.toString());
    try {
      Files.createDirectories(home);
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> stdout = read(process.getInputStream());
      CompletableFuture<String> stderr = read(process.getErrorStream());
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("aws " + String.join(" ", args) + " did not finish in 120 s");
      }
      return new Run(process.exitValue(), stdout.join(), stderr.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static CompletableFuture<String> read(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          // A thread of its own: two blocking readers on a small common pool could wait on each
          // other.
        },
        runnable -> new Thread(runnable, "aws-cli-output").start());
  }
}
