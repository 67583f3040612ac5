package dev.pharos.edge.accesslog;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Where {@code PHAROS_ACCESS_LOG} sends the access log. */
public final class AccessLogOutput {

  /** The process's standard output, the default. */
  public static final String STDOUT = "stdout";

  /** No access log at all. */
  public static final String OFF = "off";

  public static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;
  public static final int DEFAULT_FILES = 5;

  /** Requests of a few hundred bytes each: a few seconds of a busy node while its disk stalls. */
  public static final int DEFAULT_QUEUE = 65536;

  private AccessLogOutput() {
  }

  /**
   * Opens the output named by {@code output}: {@value #STDOUT}, or a file path, rotated past {@code maxBytes} and kept
   * as {@code files} files. Not for {@value #OFF}. Blocks while the file is opened.
   *
   * @throws IOException when the file cannot be opened for appending
   */
  public static OutputStream open(String output, long maxBytes, int files) throws IOException {
    if (output.equals(STDOUT)) {
      // Not System.out: its PrintStream may flush at every line, and closing the log must not close stdout.
      return new BufferedOutputStream(new FileOutputStream(FileDescriptor.out) {
        @Override
        public void close() {
        }
      }, 64 * 1024);
    }
    return new RotatingFile(Path.of(output), maxBytes, files);
  }
}
