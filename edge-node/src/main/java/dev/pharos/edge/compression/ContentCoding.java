package dev.pharos.edge.compression;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** A content coding (RFC 9110 §8.4.1) the edge can apply to a response body, by its {@code Content-Encoding} token. */
public enum ContentCoding {

  /** Brotli (RFC 7932), through the native library brotli4j loads. */
  BR("br") {
    @Override
    OutputStream open(OutputStream sink, CompressionSettings settings) throws IOException {
      return new BrotliOutputStream(sink, new Encoder.Parameters()
        .setQuality(settings.brotliQuality())
        .setWindow(BROTLI_WINDOW_BITS));
    }
  },

  /** gzip (RFC 1952), with the JDK's zlib. */
  GZIP("gzip") {
    @Override
    OutputStream open(OutputStream sink, CompressionSettings settings) throws IOException {
      // Sync-flush, so that flush() hands over everything compressed so far: a slow stream is not held back.
      return new GZIPOutputStream(sink, GZIP_BUFFER_BYTES, true) {
        {
          def.setLevel(settings.gzipLevel());
        }
      };
    }
  };

  /**
   * 512 KiB, as ngx_brotli's default window. Brotli's own default (4 MiB) would cost that much native memory for each
   * response being compressed; beyond a few hundred KiB a larger window gains little on web content.
   */
  static final int BROTLI_WINDOW_BITS = 19;

  private static final int GZIP_BUFFER_BYTES = 8192;

  private final String token;

  ContentCoding(String token) {
    this.token = token;
  }

  /** The {@code Content-Encoding} token. */
  public String token() {
    return token;
  }

  /** Whether this coding can be used in this process: brotli needs its native library, which may not load. */
  public boolean isAvailable() {
    return this != BR || Brotli4jLoader.isAvailable();
  }

  /** @throws IllegalArgumentException when no coding has this token */
  public static ContentCoding of(String token) {
    String t = token.trim().toLowerCase(Locale.ROOT);
    for (ContentCoding coding : values()) {
      if (coding.token.equals(t)) {
        return coding;
      }
    }
    throw new IllegalArgumentException("'" + token + "' (expected: br or gzip)");
  }

  /** A new encoder for one response body. */
  StreamEncoder newEncoder(CompressionSettings settings) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try {
      return new StreamEncoder(open(sink, settings), sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  abstract OutputStream open(OutputStream sink, CompressionSettings settings) throws IOException;
}
