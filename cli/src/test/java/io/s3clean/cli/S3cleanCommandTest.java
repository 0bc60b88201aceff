package io.s3clean.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class S3cleanCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd =
        S3cleanCommand.commandLine(
            (options, progress) -> {
              throw new AssertionError("no target needed");
            });
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  @Test
  void versionNamesTheBuiltVersion() {
    assertThat(run("--version")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("s3clean 0.").doesNotContain("${");
  }

  @Test
  void picocliIsBuiltWithTheCliForJava17SoThatAppCdsArchivesIt() throws Exception {
    // the published jar's Java 5 class files are neither archived nor quickly verified
    // (cli/pom.xml)
    assertThat(CommandLine.class.getProtectionDomain().getCodeSource().getLocation())
        .isEqualTo(S3cleanCommand.class.getProtectionDomain().getCodeSource().getLocation());
    try (DataInputStream classFile =
        new DataInputStream(CommandLine.class.getResourceAsStream("CommandLine.class"))) {
      assertThat(classFile.readInt()).isEqualTo(0xCAFEBABE);
      classFile.readUnsignedShort();
      assertThat(classFile.readUnsignedShort()).as("class file major version").isEqualTo(61);
    }
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertThat(run("--no-such-option")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
  }
}
