package dev.pharos.edge.proxy;

import dev.pharos.edge.upstream.Cookies;
import dev.pharos.edge.upstream.RequestFacts;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.List;

/** The facts of a client's request, read on demand from the request. Lives on the request's event loop. */
final class ServerRequestFacts implements RequestFacts {

  private final HttpServerRequest request;

  ServerRequestFacts(HttpServerRequest request) {
    this.request = request;
  }

  @Override
  public String clientIp() {
    SocketAddress address = request.remoteAddress();
    return address == null ? null : address.hostAddress();
  }

  @Override
  public String header(String name) {
    return request.getHeader(name);
  }

  @Override
  public String cookie(String name) {
    // HTTP/2 clients may split cookies over several headers (RFC 9113 §8.2.3).
    List<String> headers = request.headers().getAll(HttpHeaders.COOKIE);
    for (int i = 0; i < headers.size(); i++) {
      String value = Cookies.value(headers.get(i), name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
