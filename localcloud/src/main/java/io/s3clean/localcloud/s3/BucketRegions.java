package io.s3clean.localcloud.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Each bucket's region. S3's bucket names are global, and CreateBucket through the us-east-1
 * endpoint makes a bucket in the region its LocationConstraint names; the cloud's other services
 * live in one region, so a bucket made elsewhere can be listed and read but never publish to the
 * cloud's topics, as S3 refuses a destination in another region. Buckets of the cloud's own region
 * are not written down; the others are kept in the data directory, one file per bucket.
 */
public final class BucketRegions {
  private final String home;
  private final Optional<Path> directory;
  private final Map<String, String> elsewhere = new ConcurrentHashMap<>();

  /**
   * @param home the cloud's region
   * @param directory where the regions of buckets made elsewhere are kept; empty to keep none
   */
  public BucketRegions(String home, Optional<Path> directory) {
    this.home = home;
    this.directory = directory;
    directory
        .filter(Files::isDirectory)
        .ifPresent(
            dir -> {
              try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                  elsewhere.put(
                      file.getFileName().toString(),
                      Files.readString(file, StandardCharsets.UTF_8).strip());
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** The bucket's region: the cloud's unless it was made elsewhere. */
  public String of(String bucket) {
    return regionOf(elsewhere.getOrDefault(bucket, home));
  }

  /** EU is eu-west-1's legacy LocationConstraint, which S3 still answers as it was given. */
  private static String regionOf(String constraint) {
    return constraint.equals("EU") ? "eu-west-1" : constraint;
  }

  /** A bucket was made with this LocationConstraint (empty for us-east-1). */
  public synchronized void created(String bucket, String constraint) {
    String where = constraint.isEmpty() ? "us-east-1" : constraint;
    // EU is kept even in eu-west-1: GetBucketLocation answers the constraint as it was given
    if (where.equals(home)) {
      deleted(bucket);
      return;
    }
    elsewhere.put(bucket, where);
    directory.ifPresent(
        dir -> {
          try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(bucket), where, StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  public synchronized void deleted(String bucket) {
    if (elsewhere.remove(bucket) != null) {
      directory.ifPresent(
          dir -> {
            try {
              Files.deleteIfExists(dir.resolve(bucket));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  /**
   * What GetBucketLocation answers: no constraint for us-east-1, else the constraint the bucket was
   * made with.
   */
  public String locationXml(String bucket) {
    String region = elsewhere.getOrDefault(bucket, home);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + (region.equals("us-east-1") ? "" : region)
        + "</LocationConstraint>";
  }
}
