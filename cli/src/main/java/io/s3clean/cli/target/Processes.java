package io.s3clean.cli.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The live processes' command lines, whole: Linux's /proc has them where ProcessHandle cuts long
 * ones short.
 */
final class Processes {
  private Processes() {}

  /** Each live process's arguments, NUL-separated as /proc keeps them, one string per process. */
  static List<String> commandLines() {
    List<String> all = new ArrayList<>();
    ProcessHandle.allProcesses()
        .forEach(
            process -> {
              try {
                all.add(
                    new String(
                        Files.readAllBytes(
                            Path.of("/proc", String.valueOf(process.pid()), "cmdline")),
                        StandardCharsets.UTF_8));
              } catch (IOException | SecurityException e) {
                process.info().commandLine().ifPresent(line -> all.add(line.replace(' ', '\0')));
              }
            });
    return all;
  }
}
