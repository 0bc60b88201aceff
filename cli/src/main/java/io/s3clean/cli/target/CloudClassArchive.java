package io.s3clean.cli.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The background cloud's AppCDS archive: the classes a cloud loads (emulators, engine, handlers,
 * the SDK), so that the next cloud starts from them. The first cloud after a build writes them as
 * it exits (-XX:ArchiveClassesAtExit, to a name of its own, so that two clouds stopping at once do
 * not write one file); the next start makes a finished dump the archive, and uses it.
 */
final class CloudClassArchive {
  private static final String DUMP = ".dump-";

  private CloudClassArchive() {}

  /** The JVM options that use the archive, or make one as the cloud exits. */
  static List<String> options(Path archive) {
    promoteFinishedDump(archive);
    List<String> options = new ArrayList<>();
    if (Files.isRegularFile(archive)) {
      options.add("-XX:SharedArchiveFile=" + archive);
    } else if (Files.isDirectory(archive.getParent())) {
      options.add("-XX:ArchiveClassesAtExit=" + archive + DUMP + UUID.randomUUID());
    }
    // an archive the JVM cannot use (other jars, other JVM) is skipped; that needs no warning
    options.add("-Xlog:cds=off");
    options.add("-Xlog:cds+dynamic=off");
    return options;
  }

  /**
   * A dump is finished once no process names it on its command line: its writer has exited. The
   * newest finished one becomes the archive; the others go.
   */
  private static void promoteFinishedDump(Path archive) {
    Path directory = archive.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      return;
    }
    String prefix = archive.getFileName() + DUMP;
    List<Path> finished = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> dumps = files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
      if (dumps.isEmpty()) {
        return;
      }
      String running = runningCommandLines();
      for (Path dump : dumps) {
        if (!running.contains(dump.getFileName().toString())) {
          finished.add(dump);
        }
      }
      finished.sort(Comparator.comparing(CloudClassArchive::modified).reversed());
      for (int i = 0; i < finished.size(); i++) {
        Path dump = finished.get(i);
        if (i == 0 && !Files.exists(archive) && Files.size(dump) > 0) {
          Files.move(dump, archive, StandardCopyOption.ATOMIC_MOVE);
        } else {
          Files.deleteIfExists(dump);
        }
      }
    } catch (IOException e) {
      // without the archive the cloud starts as it would without the launcher: a little slower
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Every live process's whole command line, joined. */
  private static String runningCommandLines() {
    return String.join("\n", Processes.commandLines());
  }
}
