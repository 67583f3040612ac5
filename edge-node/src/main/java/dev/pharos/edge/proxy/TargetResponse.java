package dev.pharos.edge.proxy;

import dev.pharos.edge.cache.http.HttpDates;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A target's answer on its way to the client, as {@link TargetExchange} receives it. Its headers are the target
 * response's own, which the stages change in place; they are copied once, to the client's response, when it is sent.
 *
 * <p>Sent as the proxy library sends a response, with one difference: a {@code Date} already in the IMF-fixdate form
 * goes out as the target wrote it (the library parses every date and formats it anew, without the leading zero of
 * days 1-9); a date in an obsolete form is rewritten as IMF-fixdate, and a response without a valid one gets the
 * current time (RFC 9110 §6.6.1). {@code Warning} lines whose date differs from the response's are dropped, as the
 * library does. {@code Transfer-Encoding} is the client connection's business, and {@code Content-Type} and
 * {@code Content-Length} follow the body the stages left.
 */
final class TargetResponse extends EdgeResponse {

  private static final String WARNING = "warning";

  private final HttpClientRequest toTarget;
  private HttpClientResponse fromTarget;
  private final IdleTimedBody timedBody;
  private final MultiMap headers;

  /** @param body the target's body, timed from now by the route's idle timeout */
  TargetResponse(ProxyRequest request, HttpClientRequest toTarget, HttpClientResponse fromTarget, IdleTimedBody body) {
    super(request.proxiedRequest(), request, fromTarget.statusCode(), fromTarget.statusMessage(), Body.body(body,
      declaredLength(fromTarget.headers()), fromTarget.headers().get(HttpHeaders.CONTENT_TYPE)));
    this.toTarget = toTarget;
    this.fromTarget = fromTarget;
    this.timedBody = body;
    this.headers = fromTarget.headers();
  }

  private static long declaredLength(MultiMap headers) {
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        return Long.parseLong(length);
      } catch (NumberFormatException e) {
        // Unknown length: the body is streamed as it comes.
      }
    }
    return -1;
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public HttpClientResponse proxiedResponse() {
    return fromTarget;
  }

  @Override
  public ProxyResponse release() {
    if (fromTarget != null) {
      timedBody.stop();
      fromTarget.resume();
      fromTarget = null;
      body = null;
      headers.clear();
    }
    return this;
  }

  @Override
  public Future<Void> send() {
    writeStatus();
    MultiMap out = toClient.headers();
    out.set(HttpHeaders.DATE, date());
    boolean typedBody = body != null && body.mediaType() != null;
    boolean warnings = false;
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      if (isNamed(name, HttpHeaders.DATE) || isNamed(name, HttpHeaders.TRANSFER_ENCODING)
        || (typedBody && isNamed(name, HttpHeaders.CONTENT_TYPE))) {
        continue;
      }
      if (isNamed(name, WARNING)) {
        warnings = true;
        continue;
      }
      out.add(name, header.getValue());
    }
    if (warnings) {
      out.add(WARNING, warningsOfThisDate());
    }
    if (body == null) {
      if (fromTarget != null && fromTarget.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
        toClient.putHeader(HttpHeaders.CONTENT_LENGTH, "0");
      }
      return toClient.end();
    }
    return sendStreamed(body, () -> {
      toTarget.reset();
      toClient.reset();
    });
  }

  private static boolean isNamed(String name, CharSequence expected) {
    return name.length() == expected.length() && name.equalsIgnoreCase(expected.toString());
  }

  private String date() {
    String date = headers.get(HttpHeaders.DATE);
    if (date != null && isImfFixdate(date)) {
      return date;
    }
    Instant parsed = HttpDates.parse(date);
    return parsed == null ? CurrentDate.now() : HttpDates.format(parsed.toEpochMilli());
  }

  /** The shape of {@code Sun, 06 Nov 1994 08:49:37 GMT}: digits, separators and the zone where they belong. */
  static boolean isImfFixdate(String value) {
    if (value.length() != 29 || value.charAt(3) != ',' || !value.endsWith(" GMT")) {
      return false;
    }
    String shape = "aaa, 00 aaa 0000 00:00:00 GMT";
    for (int i = 4; i < 25; i++) {
      char expected = shape.charAt(i);
      char actual = value.charAt(i);
      boolean fits = expected == '0' ? actual >= '0' && actual <= '9' : expected == 'a' || actual == expected;
      if (!fits) {
        return false;
      }
    }
    return true;
  }

  /** The target's {@code Warning} lines, without those whose warn-date differs from the response's date. */
  private List<String> warningsOfThisDate() {
    Instant date = HttpDates.parse(headers.get(HttpHeaders.DATE));
    List<String> kept = new ArrayList<>();
    for (String warning : headers.getAll(WARNING)) {
      Instant warned = warnDate(warning);
      if (warned == null || date == null || warned.equals(date)) {
        kept.add(warning);
      }
    }
    return kept;
  }

  /** The warn-date of {@code code agent "text" "date"}, or null when it has none. */
  private static Instant warnDate(String warning) {
    int end = warning.length() - 1;
    if (end < 1 || warning.charAt(end) != '"') {
      return null;
    }
    int start = warning.lastIndexOf('"', end - 1);
    int textEnd = start < 1 ? -1 : warning.lastIndexOf('"', start - 1);
    return textEnd < 0 || warning.charAt(start - 1) != ' ' ? null : HttpDates.parse(warning.substring(start + 1, end));
  }
}
