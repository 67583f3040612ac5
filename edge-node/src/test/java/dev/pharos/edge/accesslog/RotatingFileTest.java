package dev.pharos.edge.accesslog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RotatingFileTest {

  @TempDir
  Path dir;

  @Test
  void rotatesBeforeALineWouldPassTheLimitAndKeepsTheNewestFiles() throws IOException {
    Path log = dir.resolve("access.log");
    try (RotatingFile file = new RotatingFile(log, 20, 3)) {
      for (int i = 0; i < 10; i++) {
        file.write(("line-" + i + "\n").getBytes(StandardCharsets.US_ASCII));
      }
    }

    // 7 bytes a line: 2 lines a file, the 5 files' worth of lines rotated down to the newest 3 files.
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("access.log", "access.log.1", "access.log.2");
    }
    assertThat(Files.readAllLines(log)).containsExactly("line-8", "line-9");
    assertThat(Files.readAllLines(dir.resolve("access.log.1"))).containsExactly("line-6", "line-7");
    assertThat(Files.readAllLines(dir.resolve("access.log.2"))).containsExactly("line-4", "line-5");
  }

  @Test
  void aLineLongerThanTheLimitGetsAFileOfItsOwn() throws IOException {
    Path log = dir.resolve("access.log");
    try (RotatingFile file = new RotatingFile(log, 10, 2)) {
      file.write("short\n".getBytes(StandardCharsets.US_ASCII));
      file.write("a-line-longer-than-ten\n".getBytes(StandardCharsets.US_ASCII));
    }

    assertThat(Files.readAllLines(log)).containsExactly("a-line-longer-than-ten");
    assertThat(Files.readAllLines(dir.resolve("access.log.1"))).containsExactly("short");
  }

  @Test
  void appendsToTheFileItFindsAndCountsItsSize() throws IOException {
    Path log = dir.resolve("logs/access.log");
    Files.createDirectories(log.getParent());
    Files.writeString(log, "old-1\nold-2\n");
    try (RotatingFile file = new RotatingFile(log, 14, 2)) {
      file.write("new-1\n".getBytes(StandardCharsets.US_ASCII));
    }

    assertThat(Files.readAllLines(log)).isEqualTo(List.of("new-1"));
    assertThat(Files.readAllLines(dir.resolve("logs/access.log.1"))).containsExactly("old-1", "old-2");
  }

  @Test
  void oneFileIsTruncatedInsteadOfRotated() throws IOException {
    Path log = dir.resolve("access.log");
    try (RotatingFile file = new RotatingFile(log, 8, 1)) {
      file.write("first\n".getBytes(StandardCharsets.US_ASCII));
      file.write("second\n".getBytes(StandardCharsets.US_ASCII));
    }

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
    assertThat(Files.readAllLines(log)).containsExactly("second");
  }
}
