package dev.pharos.edge.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.util.Map;

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
  private static final String HOST = "host";
  private static final String CONTENT_LENGTH = "content-length";
  private static final String TRANSFER_ENCODING = "transfer-encoding";

  private RequestIntegrity() {
  }

  static boolean isAmbiguous(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_2 && isAmbiguous(request.headers(), request.version());
  }

  /**
   * The same check on an HTTP/1.x request's header fields, before Vert.x has made a request of them. One pass over the
   * fields: it runs for every request.
   */
  static boolean isAmbiguous(MultiMap headers, HttpVersion version) {
    int hosts = 0;
    int codings = 0;
    int lengths = 0;
    String coding = null;
    String length = null;
    for (Map.Entry<String, String> header : headers) {
      String value = header.getValue();
      if (hasControlCharacter(value)) {
        return true;
      }
      String name = header.getKey();
      if (HOST.equalsIgnoreCase(name)) {
        hosts++;
      } else if (CONTENT_LENGTH.equalsIgnoreCase(name)) {
        lengths++;
        length = value;
      } else if (TRANSFER_ENCODING.equalsIgnoreCase(name)) {
        codings++;
        coding = value;
      }
    }
    boolean ambiguousLength = codings > 0
      ? version != HttpVersion.HTTP_1_1 || lengths > 0 || codings > 1 || !coding.trim().equalsIgnoreCase(CHUNKED)
      : lengths > 1 || lengths == 1 && !isDecimal(length);
    return ambiguousLength || version == HttpVersion.HTTP_1_1 && hosts != 1;
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

  private static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
