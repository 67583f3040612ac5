package dev.pharos.edge.upstream;

import java.util.Map;

/** Request facts made up by a test. */
record TestRequest(String clientIp, Map<String, String> headers, Map<String, String> cookies) implements RequestFacts {

  static final TestRequest NONE = new TestRequest(null, Map.of(), Map.of());

  static TestRequest fromIp(String ip) {
    return new TestRequest(ip, Map.of(), Map.of());
  }

  static TestRequest withHeader(String name, String value) {
    return new TestRequest(null, Map.of(name, value), Map.of());
  }

  static TestRequest withCookie(String name, String value) {
    return new TestRequest(null, Map.of(), Map.of(name, value));
  }

  @Override
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public String cookie(String name) {
    return cookies.get(name);
  }
}
