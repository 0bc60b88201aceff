package io.s3clean.localcloud.lambda.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Deployment packages for the tests: a jar of some compiled classes, the build's Lambda jar, or one
 * less a class.
 */
public final class TestJars {
  private TestJars() {}

  /** A jar of these classes and their nested classes, as compiled for the tests. */
  public static byte[] of(Class<?>... classes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream jar = new ZipOutputStream(bytes)) {
      for (Class<?> type : classes) {
        Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        String folder = type.getPackageName().replace('.', '/');
        String outer = type.getSimpleName();
        try (Stream<Path> files = Files.list(root.resolve(folder))) {
          for (Path file :
              files
                  .filter(
                      f ->
                          f.getFileName().toString().equals(outer + ".class")
                              || f.getFileName().toString().startsWith(outer + "$"))
                  .toList()) {
            jar.putNextEntry(new ZipEntry(folder + "/" + file.getFileName()));
            jar.write(Files.readAllBytes(file));
            jar.closeEntry();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** The shaded Lambda jar this build made (the reactor packages the lambdas module first). */
  public static Path lambdaJar() {
    return LambdaJars.built(Path.of(".."))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no Lambda jar in "
                        + Path.of("..", LambdaJars.BUILD_DIRECTORY).toAbsolutePath().normalize()
                        + ": build it first (mvn -pl lambdas package)"));
  }

  /** A copy of {@code jar} without the entries whose names {@code drop} accepts. */
  public static byte[] without(Path jar, Predicate<String> drop) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream file = Files.newInputStream(jar);
        ZipInputStream in = new ZipInputStream(file);
        ZipOutputStream out = new ZipOutputStream(bytes)) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        if (!drop.test(entry.getName())) {
          out.putNextEntry(new ZipEntry(entry.getName()));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
