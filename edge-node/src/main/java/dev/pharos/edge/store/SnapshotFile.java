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
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    writeSynced(tmp, snapshot);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    writtenVersion = snapshot.version();
  }

  /**
   * Writes and fsyncs a snapshot beside the file, under a name of its own, while its version is still being
   * committed; {@link Prepared#install()} then puts it in place with a rename alone. One caller at a time (the
   * store's write lock), besides {@link #write} callers.
   */
  public Prepared prepare(ConfigSnapshot snapshot) throws IOException {
    Path tmp = dir.resolve(FILE_NAME + ".commit.tmp");
    writeSynced(tmp, snapshot);
    return new Prepared(tmp, snapshot.version());
  }

  /** A snapshot on disk beside the file, not yet in its place. */
  public final class Prepared {

    private final Path tmp;
    private final long version;

    private Prepared(Path tmp, long version) {
      this.tmp = tmp;
      this.version = version;
    }

    /** Moves the snapshot into place, unless one of the same or a higher version is already there. */
    public void install() throws IOException {
      synchronized (SnapshotFile.this) {
        if (version <= writtenVersion) {
          Files.deleteIfExists(tmp);
          return;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        writtenVersion = version;
      }
    }

    /** Removes the snapshot: its version was not committed. */
    public void discard() throws IOException {
      Files.deleteIfExists(tmp);
    }
  }

  private void writeSynced(Path tmp, ConfigSnapshot snapshot) throws IOException {
    Files.createDirectories(dir);
    byte[] bytes = snapshot.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
      StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(java.nio.ByteBuffer.wrap(bytes));
      channel.force(true);
    }
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
