package dev.pharos.edge.metrics;

import io.vertx.core.http.HttpMethod;

/** The {@code method} label: the methods of RFC 9110 and PATCH by name, any other as {@link #OTHER}. */
enum MethodLabel {
  GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH, OTHER;

  private static final MethodLabel[] LABELS = values();
  // In the order of LABELS. Requests carry these very instances, so a look-up is a few reference comparisons.
  private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
    HttpMethod.DELETE, HttpMethod.CONNECT, HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.PATCH};

  static MethodLabel of(HttpMethod method) {
    for (int i = 0; i < METHODS.length; i++) {
      if (METHODS[i].equals(method)) {
        return LABELS[i];
      }
    }
    return OTHER;
  }
}
