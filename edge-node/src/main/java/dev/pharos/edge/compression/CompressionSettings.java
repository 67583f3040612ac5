package dev.pharos.edge.compression;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which responses the edge compresses, and how hard. Immutable; shared by every listener instance of a node.
 *
 * @param enabled       whether responses are compressed at all, default {@code true}
 * @param minBytes      a response declaring a smaller {@code Content-Length} is sent as it is, default
 *                      {@value #DEFAULT_MIN_BYTES}; one of unknown length is compressed
 * @param types         the media types compressed: {@code type/subtype}, or {@code type/*} for a whole type; lower
 *                      case, parameters ignored; default {@link #DEFAULT_TYPES}
 * @param codings       the codings offered, most preferred first (ties in the client's q-values go to the first);
 *                      default brotli then gzip
 * @param gzipLevel     zlib level 1..9, default {@value #DEFAULT_GZIP_LEVEL}
 * @param brotliQuality brotli quality 0..11, default {@value #DEFAULT_BROTLI_QUALITY}
 */
public record CompressionSettings(boolean enabled, long minBytes, List<String> types, List<ContentCoding> codings,
                                  int gzipLevel, int brotliQuality) {

  // Before DEFAULTS, which the constructor checks with it.
  private static final Pattern MEDIA_RANGE = Pattern.compile("[a-z0-9!#$&^_.+-]+/([a-z0-9!#$&^_.+-]+|\\*)");

  /** Below about a kilobyte, compression saves a few hundred bytes at most: less than it costs. */
  public static final long DEFAULT_MIN_BYTES = 1024;

  /** Text formats of the web; images, video, archives and fonts in WOFF are compressed already. */
  public static final List<String> DEFAULT_TYPES = List.of(
    "text/*",
    "application/json", "application/problem+json", "application/ld+json", "application/manifest+json",
    "application/javascript", "application/x-javascript", "application/ecmascript",
    "application/xml", "application/xhtml+xml", "application/rss+xml", "application/atom+xml",
    "application/wasm", "application/graphql-response+json",
    "image/svg+xml", "image/x-icon", "image/vnd.microsoft.icon", "image/bmp",
    "font/ttf", "font/otf", "application/vnd.ms-fontobject");

  /** zlib's own default: most of level 9's gain for a fraction of its time. */
  public static final int DEFAULT_GZIP_LEVEL = 6;

  /** The quality usually chosen for compressing on the fly: smaller than gzip at 6 and about as fast. */
  public static final int DEFAULT_BROTLI_QUALITY = 4;

  public static final CompressionSettings DEFAULTS = new CompressionSettings(true, DEFAULT_MIN_BYTES, DEFAULT_TYPES,
    List.of(ContentCoding.BR, ContentCoding.GZIP), DEFAULT_GZIP_LEVEL, DEFAULT_BROTLI_QUALITY);

  /** No compression. */
  public static final CompressionSettings OFF = DEFAULTS.withEnabled(false);

  public CompressionSettings {
    types = List.copyOf(types);
    codings = List.copyOf(codings);
    if (minBytes < 0) {
      throw new IllegalArgumentException("minBytes: " + minBytes + " (expected: >= 0)");
    }
    for (String type : types) {
      if (!MEDIA_RANGE.matcher(type).matches()) {
        throw new IllegalArgumentException("types: '" + type + "' (expected: type/subtype or type/*, lower case)");
      }
    }
    if (enabled && codings.isEmpty()) {
      throw new IllegalArgumentException("codings: empty (expected: br, gzip or both)");
    }
    if (codings.stream().distinct().count() != codings.size()) {
      throw new IllegalArgumentException("codings: " + codings + " (expected: each at most once)");
    }
    if (gzipLevel < 1 || gzipLevel > 9) {
      throw new IllegalArgumentException("gzipLevel: " + gzipLevel + " (expected: 1..9)");
    }
    if (brotliQuality < 0 || brotliQuality > 11) {
      throw new IllegalArgumentException("brotliQuality: " + brotliQuality + " (expected: 0..11)");
    }
  }

  public CompressionSettings withEnabled(boolean enabled) {
    return new CompressionSettings(enabled, minBytes, types, codings, gzipLevel, brotliQuality);
  }

  public CompressionSettings withMinBytes(long minBytes) {
    return new CompressionSettings(enabled, minBytes, types, codings, gzipLevel, brotliQuality);
  }

  public CompressionSettings withCodings(List<ContentCoding> codings) {
    return new CompressionSettings(enabled, minBytes, types, codings, gzipLevel, brotliQuality);
  }

  /** Whether a response of this {@code Content-Type} is compressed; a missing one is not. */
  boolean compresses(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
      .toLowerCase(Locale.ROOT);
    int slash = mediaType.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    for (String type : types) {
      if (type.equals(mediaType)
        || type.endsWith("/*") && type.regionMatches(0, mediaType, 0, slash + 1) && type.length() == slash + 2) {
        return true;
      }
    }
    return false;
  }
}
