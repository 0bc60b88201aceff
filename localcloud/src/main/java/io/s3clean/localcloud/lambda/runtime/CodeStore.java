package io.s3clean.localcloud.lambda.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Functions' code, unpacked as Lambda unpacks a deployment package into /var/task: one folder per
 * distinct package (by its SHA-256), shared by every function and version that deploys it.
 */
public final class CodeStore {
  private final Path root;

  public CodeStore(Path root) {
    this.root = root;
  }

  /**
   * A deployment package and where it is unpacked.
   *
   * @param sha256 as Lambda's CodeSha256: the package's SHA-256, base64
   */
  public record Unpacked(Path taskRoot, String sha256, long size) {}

  /**
   * Unpacks a package, or finds it unpacked already.
   *
   * @throws IllegalArgumentException when it is not a zip (a jar is one), in Lambda's words
   */
  public Unpacked unpack(byte[] zip) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(zip);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path target = root.resolve(HexFormat.of().formatHex(digest));
    Unpacked unpacked =
        new Unpacked(target, Base64.getEncoder().encodeToString(digest), zip.length);
    if (Files.isDirectory(target)) {
      return unpacked;
    }
    try {
      Files.createDirectories(root);
      Path staging = Files.createTempDirectory(root, ".unpacking-");
      try {
        return unpackInto(zip, staging, target, unpacked);
      } finally {
        if (Files.exists(staging)) {
          io.s3clean.localcloud.FileTrees.delete(staging);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot unpack a function's code under " + root + ": " + e.getMessage(), e);
    }
  }

  private static Unpacked unpackInto(byte[] zip, Path staging, Path target, Unpacked unpacked)
      throws IOException {
    int entries = 0;
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        entries++;
        Path to = staging.resolve(entry.getName()).normalize();
        if (!to.startsWith(staging)) {
          throw new IllegalArgumentException(
              "Could not unzip uploaded file: an entry leaves the package: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          copy(in, to);
        }
      }
    }
    if (entries == 0) {
      throw new IllegalArgumentException(
          "Could not unzip uploaded file. Please check your file, then try to upload again.");
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!Files.isDirectory(target)) {
        throw e;
      }
      // another deployment unpacked the same package meanwhile; the caller deletes the staging copy
    }
    return unpacked;
  }

  private static void copy(InputStream in, Path to) throws IOException {
    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The folder under which packages are unpacked. */
  public Path root() {
    return root;
  }
}
