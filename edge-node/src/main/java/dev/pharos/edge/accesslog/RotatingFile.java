package dev.pharos.edge.accesslog;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file that is rotated before it would grow past a size: {@code access.log} becomes {@code access.log.1}, which
 * becomes {@code access.log.2}, and so on; the oldest beyond the file count is deleted. Each {@link #write(byte[], int,
 * int)} is kept whole in one file, so writing one line per call never splits a line across files. A single line
 * larger than the limit gets a file of its own. Appends to an existing file at start.
 *
 * <p>Not thread-safe: the access log's writer thread is its only user. A {@link FileOutputStream} underneath, not a
 * channel, so that interrupting the writer to stop it cannot close the file in the middle of a line.
 */
final class RotatingFile extends OutputStream {

  private static final int BUFFER_BYTES = 64 * 1024;

  private final Path path;
  private final long maxBytes;
  private final int files;
  private OutputStream out;
  private long size;

  /**
   * @param maxBytes size past which the file is rotated, >= 1
   * @param files    how many files to keep, the one being written included, >= 1
   * @throws IOException when the file cannot be opened for appending
   */
  RotatingFile(Path path, long maxBytes, int files) throws IOException {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 1)");
    }
    if (files < 1) {
      throw new IllegalArgumentException("files: " + files + " (expected: >= 1)");
    }
    this.path = path;
    this.maxBytes = maxBytes;
    this.files = files;
    open();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (size > 0 && size + length > maxBytes) {
      rotate();
    }
    out.write(bytes, offset, length);
    size += length;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private void open() throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    out = new BufferedOutputStream(new FileOutputStream(path.toFile(), true), BUFFER_BYTES);
    size = Files.size(path);
  }

  private void rotate() throws IOException {
    out.close();
    Files.deleteIfExists(numbered(files - 1));
    for (int i = files - 1; i > 0; i--) {
      Path older = numbered(i - 1);
      if (Files.exists(older)) {
        Files.move(older, numbered(i), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    open();
  }

  /** {@code access.log} for 0, {@code access.log.1} for 1, ... */
  private Path numbered(int index) {
    return index == 0 ? path : path.resolveSibling(path.getFileName() + "." + index);
  }
}
