package dev.pharos.edge.metrics;

import io.vertx.core.http.HttpMethod;

import java.util.HashMap;
import java.util.Map;

/** The {@code method} label: the methods of RFC 9110 and PATCH by name, any other as {@link #OTHER}. */
enum MethodLabel {
  GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH, OTHER;

  private static final Map<HttpMethod, MethodLabel> STANDARD = new HashMap<>();

  static {
    for (MethodLabel label : values()) {
      if (label != OTHER) {
        STANDARD.put(HttpMethod.valueOf(label.name()), label);
      }
    }
  }

  static MethodLabel of(HttpMethod method) {
    return STANDARD.getOrDefault(method, OTHER);
  }
}
