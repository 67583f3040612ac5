package dev.pharos.edge.store;

import dev.pharos.model.ConfigSnapshot;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last applied snapshot in the node's data directory, {@code config-snapshot.json}. Written by a rename over the
 * old file after an fsync, so a crash leaves either the old or the new snapshot, never half of one. Every method
 * blocks on the file system: call it from a worker thread.
 */
public final class SnapshotFile {

  private static final Logger LOG = Logger.getLogger(SnapshotFile.class.getName());
  static final String FILE_NAME = "config-snapshot.json";

  private final Path dir;
  private final Path file;
  private long writtenVersion = -1;

  public SnapshotFile(Path dir) {
    this.dir = dir;
    this.file = dir.resolve(FILE_NAME);
  }

  public Path path() {
    return file;
  }

  /** Writes the snapshot unless one of the same or a higher version is already there. */
  public synchronized void write(ConfigSnapshot snapshot) throws IOException {
    if (snapshot.version() <= writtenVersion) {
      return;
    }
    Files.createDirectories(dir);
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    byte[] bytes = snapshot.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
      StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(java.nio.ByteBuffer.wrap(bytes));
      channel.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    writtenVersion = snapshot.version();
  }

  /**
   * The snapshot on disk, or empty when there is none. A file that cannot be parsed is reported and renamed aside
   * ({@code .corrupt}) rather than trusted or deleted.
   */
  public synchronized Optional<ConfigSnapshot> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      ConfigSnapshot snapshot = ConfigSnapshot.fromJson(new JsonObject(Files.readString(file)));
      writtenVersion = Math.max(writtenVersion, snapshot.version());
      return Optional.of(snapshot);
    } catch (IOException | RuntimeException e) {
      Path aside = dir.resolve(FILE_NAME + ".corrupt");
      LOG.log(Level.SEVERE, "cannot read config snapshot " + file + " (moved to " + aside + "): " + e.getMessage());
      try {
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moveFailure) {
        LOG.log(Level.SEVERE, "cannot move " + file + " aside", moveFailure);
      }
      return Optional.empty();
    }
  }
}
