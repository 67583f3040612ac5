package dev.pharos.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.streams.Pipe;
import io.vertx.core.buffer.Buffer;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.util.Map;

/**
 * Sends a request to its target and hands back the target's answer as a {@link TargetResponse}: the last hop, which
 * {@link UpstreamStage} calls instead of the proxy library's own ({@code ProxyRequest.send}). The library's copies every
 * response header twice, and parses the response's {@code Date} and {@code Cache-Control} only to format the date
 * anew; in the profile of a small pass-through request that was the library's largest cost.
 *
 * <p>The request goes out as the library would send it: the method, target and headers of the {@link ProxyRequest}
 * (without {@code Host}, which the authority sets, and without the standard hop-by-hop headers), {@code X-Forwarded-Host}
 * naming the client's authority when the request is routed by another one, and the body framed by its declared
 * length, chunked when the client sent it chunked, or not at all when there is none. A client that goes away resets
 * the exchange, marked {@link EdgeContext#clientLeft}. A 103 (Early Hints) from the target goes on to the client as it
 * comes ({@link EarlyHints}). The answer comes back without hop-by-hop headers ({@link HopByHopStage}) and with a body
 * that carries the target's trailers on ({@link TrailersStage}).
 */
final class TargetExchange {

  private static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("x-forwarded-host");
  // As the library's own list: HopByHopStage removes these and more before, this keeps a stage from adding one back.
  private static final String[] NOT_FORWARDED = {"connection", "keep-alive", "proxy-authenticate",
    "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host"};

  private TargetExchange() {
  }

  /** @param idleMs the route's idle timeout, which bounds the silences of the target's body */
  static Future<ProxyResponse> send(ProxyContext context, HttpClientRequest request, BodySilences silences,
                                    long idleMs) {
    ProxyRequest proxyRequest = context.request();
    EdgeContext edge = EdgeContext.of(context);
    HttpServerRequest client = proxyRequest.proxiedRequest();
    // An HTTP/2 stream reset or a closed HTTP/2 connection reaches this handler before the response counts as closed:
    // the mark keeps UpstreamStage from taking the reset for the target's failure (a retry, an outlier strike).
    client.response().exceptionHandler(failure -> {
      edge.clientLeft = true;
      request.reset(0L, failure);
    });
    request.earlyHintsHandler(hints -> EarlyHints.forward(hints, client));
    request.setMethod(proxyRequest.getMethod());
    request.setURI(proxyRequest.getURI());
    MultiMap out = request.headers();
    for (Map.Entry<String, String> header : proxyRequest.headers()) {
      String name = header.getKey();
      if (!isNotForwarded(name)) {
        out.add(name, header.getValue());
      }
    }
    HostAndPort authority = proxyRequest.getAuthority();
    if (authority != null) {
      request.authority(authority);
      HostAndPort clientAuthority = client.authority();
      if (clientAuthority != null && !sameAuthority(authority, clientAuthority)) {
        request.putHeader(X_FORWARDED_HOST, clientAuthority.toString());
      }
    }
    Body body = proxyRequest.getBody();
    if (body == null || isClientsEmptyBody(body, client)) {
      if (client.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
        request.putHeader(HttpHeaders.CONTENT_LENGTH, "0");
      }
      request.end();
    } else {
      long length = body.length();
      if (length >= 0) {
        request.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
      } else {
        request.setChunked(length == -1 && isChunked(client));
      }
      Pipe<Buffer> pipe = body.stream().pipe();
      pipe.endOnComplete(true);
      pipe.endOnFailure(false);
      pipe.to(request).onFailure(failure -> request.reset());
    }
    return request.response().map(response -> {
      response.pause();
      // Cleaned as it arrives, before any stage sees it, so that the target's Connection header can only name (and so
      // remove) the target's own headers, never one a stage adds, such as X-Request-Id or X-Cache.
      HopByHopStage.strip(response.headers());
      TargetResponse answer = new TargetResponse(proxyRequest, request, response,
        new IdleTimedBody(silences, request, response, idleMs));
      TrailersStage.carry(answer, client.response());
      return answer;
    });
  }

  /** Header names arrive in any case; most differ from every listed name in length already. */
  private static boolean isNotForwarded(String name) {
    for (String listed : NOT_FORWARDED) {
      if (listed.length() == name.length() && listed.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client's own body, when an HTTP/1.x request has neither a length nor chunks: there is none (RFC 9112 §6.3), and
   * the request is ended at once instead of through a pipe that would only carry its end.
   */
  private static boolean isClientsEmptyBody(Body body, HttpServerRequest client) {
    return body.length() == -1 && body.stream() == client && client.version() != HttpVersion.HTTP_2
      && !client.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  private static boolean isChunked(HttpServerRequest client) {
    String te = client.getHeader(HttpHeaders.TRANSFER_ENCODING);
    return te != null && te.equals("chunked");
  }

  private static boolean sameAuthority(HostAndPort a, HostAndPort b) {
    return a.host().equals(b.host()) && a.port() == b.port();
  }
}
