package dev.pharos.edge.compression;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;

/**
 * Compresses responses the client accepts compressed, as they stream: with the coding its {@code Accept-Encoding}
 * ranks highest among the node's codings, when the response is of a compressible type, is not declared smaller than
 * the threshold, and is sent as it is by the origin. Never compressed: answers to HEAD and to HTTP/1.0 clients (which
 * would need the whole body buffered to frame it), 1xx, 204, 206 and 304, bodies the origin encoded already, and
 * responses with {@code Cache-Control: no-transform}.
 *
 * <p>A response that would be compressed for some client gets {@code Vary: Accept-Encoding}, whichever way this client
 * asked, so that caches keep the two forms apart. A compressed response loses {@code Content-Length} (it is sent
 * chunked) and {@code Accept-Ranges} (ranges would count the origin's bytes), and its strong {@code ETag} becomes weak,
 * as nginx does: the bytes differ from the origin's, and a weak tag still validates a conditional GET.
 */
public final class CompressionStage implements ProxyInterceptor {

  private static final Logger LOG = System.getLogger(CompressionStage.class.getName());
  private static final String ACCEPT_ENCODING = "Accept-Encoding";

  private final CompressionSettings settings;
  private final List<ContentCoding> codings;

  public CompressionStage(CompressionSettings settings) {
    this.settings = settings;
    this.codings = settings.codings().stream().filter(ContentCoding::isAvailable).toList();
    if (codings.size() < settings.codings().size()) {
      LOG.log(Level.WARNING, "brotli's native library does not load on this platform: responses are compressed with "
        + codings + " only");
    }
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    HttpServerRequest request = context.request().proxiedRequest();
    if (request.method() == HttpMethod.HEAD || request.version() == HttpVersion.HTTP_1_0) {
      return context.sendRequest();
    }
    ContentCoding coding = AcceptEncoding.choose(request.getHeader(ACCEPT_ENCODING), codings);
    return context.sendRequest().map(response -> {
      if (isCompressible(response)) {
        addVary(response.headers());
        if (coding != null) {
          compress(response, coding);
        }
      }
      return response;
    });
  }

  private boolean isCompressible(ProxyResponse response) {
    int status = response.getStatusCode();
    if (status < 200 || status == 204 || status == 206 || status == 304) {
      return false;
    }
    Body body = response.getBody();
    if (body == null || body.length() >= 0 && body.length() < settings.minBytes()) {
      return false;
    }
    MultiMap headers = response.headers();
    String encoding = headers.get(HttpHeaders.CONTENT_ENCODING);
    if (encoding != null && !encoding.trim().equalsIgnoreCase("identity")) {
      return false;
    }
    String contentType = body.mediaType() != null ? body.mediaType() : headers.get(HttpHeaders.CONTENT_TYPE);
    return settings.compresses(contentType) && !hasNoTransform(headers);
  }

  private static boolean hasNoTransform(MultiMap headers) {
    for (String value : headers.getAll(HttpHeaders.CACHE_CONTROL)) {
      for (String directive : value.split(",")) {
        if (directive.trim().toLowerCase(Locale.ROOT).startsWith("no-transform")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void addVary(MultiMap headers) {
    for (String value : headers.getAll(HttpHeaders.VARY)) {
      for (String name : value.split(",")) {
        String n = name.trim();
        if (n.equals("*") || n.equalsIgnoreCase(ACCEPT_ENCODING)) {
          return;
        }
      }
    }
    headers.add(HttpHeaders.VARY, ACCEPT_ENCODING);
  }

  private void compress(ProxyResponse response, ContentCoding coding) {
    Body body = response.getBody();
    response.setBody(Body.body(new CompressedBody(body.stream(), coding.newEncoder(settings)), -1,
      body.mediaType()));
    MultiMap headers = response.headers();
    headers.remove(HttpHeaders.CONTENT_LENGTH);
    headers.remove(HttpHeaders.ACCEPT_RANGES);
    headers.set(HttpHeaders.CONTENT_ENCODING, coding.token());
    String etag = headers.get(HttpHeaders.ETAG);
    if (etag != null && etag.startsWith("\"")) {
      headers.set(HttpHeaders.ETAG, "W/" + etag);
    }
  }
}
