package io.s3clean.cli.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.s3clean.cli.target.AwsTarget;
import io.s3clean.cli.target.TargetFactory;
import io.s3clean.dynamodb.testing.MotoServer;
import io.s3clean.template.MotoTemplate;
import io.s3clean.template.ShippedTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * One moto server for every test class of the run (started on first use, stopped when the run
 * ends), with the CloudFormation behaviour of change sets that moto 5.2 lacks (moto_server.py). The
 * CLI reaches it as an operator would: {@code --target aws --endpoint-url ... --region us-east-1},
 * with credentials from the SDK's default chain (system properties here).
 */
public final class Moto implements BeforeAllCallback {
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";

  private static MotoServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    assumeTrue(
        MotoServer.installed(),
        "python3 cannot import moto (pip install 'moto[server]'); CI machines have it");
    synchronized (Moto.class) {
      if (server == null) {
        TestCredentials.install();
        Path work = Files.createDirectories(Path.of("target", "moto"));
        server = MotoServer.start(work, script(work));
        // JUnit closes what the root store holds, once, when the whole run is over.
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .put(Moto.class.getName(), server);
      }
    }
  }

  private static Path script(Path work) throws IOException {
    Path script = work.resolve("moto_server.py");
    try (InputStream in = Moto.class.getResourceAsStream("/io/s3clean/cli/moto_server.py")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return script;
  }

  public static URI endpoint() {
    return server.endpoint();
  }

  public static String logTail() {
    return server.logTail();
  }

  /** The AWS target as production opens it, deploying the template as moto can run it. */
  public static final TargetFactory TARGETS =
      (options, progress) ->
          AwsTarget.open(options, progress, MotoTemplate.body(ShippedTemplate.parsed()));

  /**
   * Runs the CLI against moto: {@code --target aws --endpoint-url <moto> --region us-east-1} and
   * {@code args}.
   */
  public static CliRun cli(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--target", "aws", "--endpoint-url", endpoint().toString(), "--region", REGION));
    all.addAll(Arrays.asList(args));
    return CliRun.run(TARGETS, all.toArray(String[]::new));
  }

  /** An SDK client on moto, for a test's own setup and checks. */
  public static <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
      B builder) {
    return builder
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A stand-in for the Lambda jar: moto stores the code and never runs it. */
  public static Path dummyJar() {
    Path jar = Path.of("target", "moto", "s3clean-lambdas-test-lambda.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      ZipEntry entry = new ZipEntry("README.txt");
      // A fixed time gives the same bytes, hence the same SHA-256 and artifact key, on every call.
      entry.setTime(0);
      zip.putNextEntry(entry);
      zip.write("moto never runs this code".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }
}
