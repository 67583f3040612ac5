package dev.pharos.edge.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.util.List;

/**
 * Finds HTTP/1.x requests whose framing or target two parsers could read differently (RFC 9112 §3.2, §6.1, §6.3), which
 * the decoder let through: {@code Transfer-Encoding} other than exactly {@code chunked}, or any on HTTP/1.0;
 * {@code Transfer-Encoding} together with {@code Content-Length}; a {@code Content-Length} repeated or not a decimal
 * number; a missing or repeated {@code Host} on HTTP/1.1; a control character other than HTAB in a field value.
 *
 * <p>Netty already refuses duplicate and malformed {@code Content-Length}, whitespace before a colon and most control
 * characters; {@link StrictRequestDecoder} refuses an HTTP/1.1 request that is chunked and declares a length, and
 * obsolete line folding, before they get here.
 */
final class RequestIntegrity {

  private static final String CHUNKED = "chunked";

  private RequestIntegrity() {
  }

  static boolean isAmbiguous(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_2 && isAmbiguous(request.headers(), request.version());
  }

  /** The same check on an HTTP/1.x request's header fields, before Vert.x has made a request of them. */
  static boolean isAmbiguous(MultiMap headers, HttpVersion version) {
    return hasAmbiguousBodyLength(headers, version)
      || version == HttpVersion.HTTP_1_1 && headers.getAll(HttpHeaders.HOST).size() != 1
      || hasControlCharacter(headers);
  }

  private static boolean hasAmbiguousBodyLength(MultiMap headers, HttpVersion version) {
    List<String> codings = headers.getAll(HttpHeaders.TRANSFER_ENCODING);
    List<String> lengths = headers.getAll(HttpHeaders.CONTENT_LENGTH);
    if (!codings.isEmpty()) {
      return version != HttpVersion.HTTP_1_1 || !lengths.isEmpty() || codings.size() != 1
        || !codings.get(0).trim().equalsIgnoreCase(CHUNKED);
    }
    return lengths.size() > 1 || lengths.size() == 1 && !isDecimal(lengths.get(0));
  }

  private static boolean isDecimal(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean hasControlCharacter(MultiMap headers) {
    for (var header : headers) {
      String value = header.getValue();
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 && c != '\t' || c == 0x7f) {
          return true;
        }
      }
    }
    return false;
  }
}
