package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cloud's class dump becomes the archive only once the cloud that writes it has exited. */
class CloudClassArchiveTest {
  @TempDir Path target;

  @Test
  void withoutAnArchiveTheCloudWritesOneUnderANameOfItsOwn() {
    Path archive = target.resolve("cloud.jsa");

    assertThat(CloudClassArchive.options(archive))
        .anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit=" + archive + ".dump-"))
        .noneMatch(option -> option.startsWith("-XX:SharedArchiveFile="));
  }

  @Test
  void aFinishedDumpBecomesTheArchiveAndIsUsed() throws Exception {
    Path archive = target.resolve("cloud.jsa");
    Files.write(target.resolve("cloud.jsa.dump-finished"), new byte[] {1, 2, 3});

    assertThat(CloudClassArchive.options(archive)).contains("-XX:SharedArchiveFile=" + archive);
    assertThat(archive).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(target.resolve("cloud.jsa.dump-finished")).doesNotExist();
  }

  @Test
  void aDumpWhoseWriterStillRunsIsLeftAlone() throws Exception {
    Path archive = target.resolve("cloud.jsa");
    Path dump = Files.write(target.resolve("cloud.jsa.dump-writing"), new byte[] {1});
    // a process that names the dump on its command line, as the cloud writing it does
    Process writer = new ProcessBuilder("bash", "-c", "sleep 30; true", dump.toString()).start();
    try {
      assertThat(CloudClassArchive.options(archive))
          .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
      assertThat(dump).exists();
      assertThat(archive).doesNotExist();
    } finally {
      writer.destroy();
      writer.waitFor();
    }
  }
}
