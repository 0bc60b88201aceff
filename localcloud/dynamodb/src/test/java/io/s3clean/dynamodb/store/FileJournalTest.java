package io.s3clean.dynamodb.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal that the DynamoDB and SQS engines keep their state in. */
class FileJournalTest {
  @TempDir Path dir;

  @Test
  void recordsReplayInOrderAndAreCounted() {
    try (FileJournal journal = FileJournal.open(dir, "test", payload -> {})) {
      journal.append(bytes("a"));
      journal.append(bytes("b"));
      journal.append(bytes("c"));
      assertThat(journal.logRecords()).isEqualTo(3);
    }

    List<String> replayed = new ArrayList<>();
    try (FileJournal journal =
        FileJournal.open(dir, "test", payload -> replayed.add(text(payload)))) {
      assertThat(replayed).containsExactly("a", "b", "c");
      assertThat(journal.logRecords()).isEqualTo(3);
    }
  }

  @Test
  void aTornLastRecordIsDroppedAndTheLogGoesOnFromTheRecordBefore() throws IOException {
    try (FileJournal journal = FileJournal.open(dir, "test", payload -> {})) {
      journal.append(bytes("a"));
      journal.append(bytes("b"));
    }
    // a crash in the middle of the next record: its length and half its checksum
    Files.write(
        dir.resolve(FileJournal.LOG), new byte[] {0, 0, 0, 9, 1, 2}, StandardOpenOption.APPEND);

    try (FileJournal journal = FileJournal.open(dir, "test", payload -> {})) {
      assertThat(journal.logRecords()).isEqualTo(2);
      journal.append(bytes("c"));
    }

    List<String> replayed = new ArrayList<>();
    FileJournal.open(dir, "test", payload -> replayed.add(text(payload))).close();
    assertThat(replayed).containsExactly("a", "b", "c");
  }

  @Test
  void aCompactionWritesTheSnapshotAndEmptiesTheLog() throws IOException {
    try (FileJournal journal = FileJournal.open(dir, "test", payload -> {})) {
      journal.append(bytes("a"));
      journal.append(bytes("b"));
      journal.append(bytes("a2"));
      journal.compact(snapshot -> snapshot.accept(bytes("a2+b")));
      assertThat(journal.logRecords()).isZero();
      assertThat(journal.logBytes()).isZero();
      journal.append(bytes("c"));
    }

    List<String> replayed = new ArrayList<>();
    try (FileJournal journal =
        FileJournal.open(dir, "test", payload -> replayed.add(text(payload)))) {
      assertThat(replayed).containsExactly("a2+b", "c");
      assertThat(journal.logRecords()).isEqualTo(1);
    }
  }

  @Test
  void aDirectoryThatCannotBeOpenedNamesItsOwner() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");

    assertThatThrownBy(() -> FileJournal.open(file, "SQS", payload -> {}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot open the SQS data directory");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
