package dev.pharos.admin;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** The headers that tie an admin response to a config version. */
final class ConfigHeaders {

  /** The version of the whole config that the response reflects (after a write: the version it created). */
  static final String X_CONFIG_VERSION = "X-Config-Version";

  private ConfigHeaders() {
  }

  static void put(HttpServerResponse response, String etag, long version) {
    response.putHeader(HttpHeaders.ETAG, etag);
    putVersion(response, version);
  }

  static void putVersion(HttpServerResponse response, long version) {
    response.putHeader(X_CONFIG_VERSION, Long.toString(version));
  }
}
