package dev.pharos.edge.cache.http;

import io.vertx.core.MultiMap;

/** Builds header maps from name/value pairs. */
final class Headers {

  private Headers() {
  }

  static MultiMap of(String... nameValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValues.length; i += 2) {
      headers.add(nameValues[i], nameValues[i + 1]);
    }
    return headers;
  }

  static CacheControl cc(String... lines) {
    return CacheControl.parse(java.util.List.of(lines));
  }
}
