package io.s3clean.cli.target;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.localcloud.lambda.runtime.LambdaJars;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The shaded Lambda jar on its way to S3. Its key holds the jar's SHA-256, so an unchanged build
 * keeps its key (and CloudFormation publishes no new function versions), while a new build gets a
 * new key, which the template turns into new versions.
 */
final class LambdaArtifact {
  /** Where {@code mvn -pl lambdas package} leaves the jar, relative to the project. */
  static final String BUILD_DIRECTORY = LambdaJars.BUILD_DIRECTORY;

  /** Set by scripts/s3clean to the project it runs from. */
  private static final String HOME_PROPERTY = "s3clean.home";

  private final Path jar;
  private final String sha256;

  private LambdaArtifact(Path jar, String sha256) {
    this.jar = jar;
    this.sha256 = sha256;
  }

  /** The jar given with {@code --jar}, or the newest one the build left in lambdas/target. */
  static LambdaArtifact locate(Optional<Path> given) {
    Path jar = given.map(LambdaArtifact::existing).orElseGet(LambdaArtifact::built);
    return new LambdaArtifact(jar, sha256(jar));
  }

  private static Path existing(Path given) {
    if (!Files.isRegularFile(given)) {
      throw new CliException(ExitCodes.BAD_PARAMETER, "--jar " + given + " is not a file");
    }
    return given;
  }

  private static Path built() {
    Path project = projectDirectory();
    return LambdaJars.built(project)
        .orElseThrow(
            () ->
                new CliException(
                    ExitCodes.BAD_ENVIRONMENT,
                    "no Lambda jar in "
                        + project.resolve(BUILD_DIRECTORY).toAbsolutePath().normalize()
                        + ": build it with `mvn -pl lambdas package`, or pass --jar"));
  }

  /**
   * The project this runs from: scripts/s3clean says so; otherwise the nearest parent holding
   * lambdas/.
   */
  private static Path projectDirectory() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null) {
      return Path.of(home);
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("lambdas/pom.xml"))) {
        return dir;
      }
    }
    return start;
  }

  private static String sha256(Path file) {
    MessageDigest digest = sha256Digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.BAD_ENVIRONMENT,
          "cannot read the Lambda jar " + file + ": " + e.getMessage(),
          e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The jar on this machine. */
  Path jar() {
    return jar;
  }

  /** The object key: the same bytes always get the same key. */
  String key() {
    return "s3clean/lambdas-" + sha256 + ".jar";
  }

  /**
   * The bucket deploy creates when no --artifact-bucket is given: S3 names are global, hence
   * account and region.
   */
  static String defaultBucket(String stackName, String accountId, Region region) {
    return (stackName + "-" + accountId + "-" + region.id() + "-code").toLowerCase(Locale.ROOT);
  }

  /** Creates the bucket if it is missing and uploads the jar unless that key is there already. */
  void upload(
      S3Client s3,
      String bucket,
      Region region,
      Optional<String> expectedOwner,
      Consumer<String> progress) {
    ensureBucket(s3, bucket, region, expectedOwner, progress);
    if (exists(s3, bucket, key())) {
      progress.accept("Lambda code unchanged: s3://" + bucket + "/" + key());
      return;
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "Uploading %s (%.1f MB) to s3://%s/%s",
            jar.getFileName(),
            size() / 1e6,
            bucket,
            key()));
    s3.putObject(
        put ->
            put.bucket(bucket)
                .key(key())
                .contentType("application/java-archive")
                .expectedBucketOwner(expectedOwner.orElse(null)),
        RequestBody.fromFile(jar));
  }

  private long size() {
    try {
      return Files.size(jar);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void ensureBucket(
      S3Client s3,
      String bucket,
      Region region,
      Optional<String> expectedOwner,
      Consumer<String> progress) {
    try {
      s3.headBucket(head -> head.bucket(bucket).expectedBucketOwner(expectedOwner.orElse(null)));
      return;
    } catch (S3Exception e) {
      if (e.statusCode() == 403) {
        throw new CliException(
            ExitCodes.BAD_ENVIRONMENT,
            "artifact bucket "
                + bucket
                + " exists but is not this account's (or not readable): pass --artifact-bucket",
            e);
      }
      if (e.statusCode() != 404) {
        throw e;
      }
    }
    progress.accept("Creating artifact bucket " + bucket);
    s3.createBucket(
        create -> {
          create.bucket(bucket);
          // us-east-1 is the one region that refuses its own name as a location constraint.
          if (!Region.US_EAST_1.equals(region)) {
            create.createBucketConfiguration(
                c -> c.locationConstraint(BucketLocationConstraint.fromValue(region.id())));
          }
        });
    s3.putPublicAccessBlock(
        block ->
            block
                .bucket(bucket)
                .publicAccessBlockConfiguration(
                    c ->
                        c.blockPublicAcls(true)
                            .blockPublicPolicy(true)
                            .ignorePublicAcls(true)
                            .restrictPublicBuckets(true)));
  }

  private static boolean exists(S3Client s3, String bucket, String key) {
    try {
      s3.headObject(head -> head.bucket(bucket).key(key));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}
