package dev.pharos.edge.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The framing and target checks, each alone and together: every rule must be applied whatever the others found, the
 * Host rule included when the body's framing is sound.
 */
class RequestIntegrityTest {

  /** Fields written as {@code name: value} pairs separated by {@code |}. */
  private static MultiMap fields(String lines) {
    MultiMap fields = MultiMap.caseInsensitiveMultiMap();
    for (String line : lines.split("\\|")) {
      int colon = line.indexOf(':');
      fields.add(line.substring(0, colon), line.substring(colon + 1).trim());
    }
    return fields;
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "Host: a.test",
    "host: a.test|Content-Length: 5",
    "Host: a.test|Transfer-Encoding: chunked",
    "HOST: a.test|transfer-encoding:  Chunked ",
    "Host: a.test|X-A: tab\there"})
  void soundRequestsPass(String lines) {
    assertThat(RequestIntegrity.isAmbiguous(fields(lines), HttpVersion.HTTP_1_1)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "Host: a.test|Transfer-Encoding: gzip, chunked",
    "Host: a.test|Transfer-Encoding: chunked|Transfer-Encoding: chunked",
    "Host: a.test|Transfer-Encoding: chunked|Content-Length: 5",
    "Host: a.test|Content-Length: 5|Content-Length: 5",
    "Host: a.test|Content-Length: +5",
    "Host: a.test|Content-Length: ",
    "X-A: b",
    "Host: a.test|Host: b.test",
    "Transfer-Encoding: chunked",
    "Host: a.test|Host: a.test|Transfer-Encoding: chunked",
    "Host: a.test|Content-Length: 5|Host: b.test",
    "Host: a.test|X-A: a\u007fb",
    "Host: a.test|X-A: a\u0001b|Transfer-Encoding: chunked"})
  void ambiguousRequestsAreFound(String lines) {
    assertThat(RequestIntegrity.isAmbiguous(fields(lines), HttpVersion.HTTP_1_1)).isTrue();
  }

  @Test
  void http10NeedsNoHostAndMayNotBeChunked() {
    assertThat(RequestIntegrity.isAmbiguous(fields("Content-Length: 5"), HttpVersion.HTTP_1_0)).isFalse();
    assertThat(RequestIntegrity.isAmbiguous(fields("Transfer-Encoding: chunked"), HttpVersion.HTTP_1_0)).isTrue();
  }
}
