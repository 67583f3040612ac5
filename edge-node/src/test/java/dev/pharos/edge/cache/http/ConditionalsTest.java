package dev.pharos.edge.cache.http;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §4.3.2, §3.2 and RFC 9110 §8.8.3.2, §13.1.2, §13.1.3, §15.4.5. */
class ConditionalsTest {

  private static final MultiMap STORED = Headers.of("ETag", "W/\"xyzzy\"", "Last-Modified",
    "Sat, 29 Oct 1994 19:43:31 GMT", "Date", "Sun, 06 Nov 1994 08:49:37 GMT", "Cache-Control", "max-age=60",
    "Content-Type", "text/plain", "Content-Length", "5");

  @Test
  void ifNoneMatchUsesWeakComparison() {
    // RFC 9110 §8.8.3.2's table: W/"1" matches W/"1" and "1" weakly.
    assertThat(Conditionals.weakMatch("W/\"1\"", "W/\"1\"")).isTrue();
    assertThat(Conditionals.weakMatch("W/\"1\"", "W/\"2\"")).isFalse();
    assertThat(Conditionals.weakMatch("W/\"1\"", "\"1\"")).isTrue();
    assertThat(Conditionals.notModified(Headers.of("If-None-Match", "\"other\", \"xyzzy\""), STORED)).isTrue();
    assertThat(Conditionals.notModified(Headers.of("If-None-Match", "\"other\""), STORED)).isFalse();
    assertThat(Conditionals.notModified(Headers.of("If-None-Match", "*"), STORED)).isTrue();
  }

  @Test
  void ifNoneMatchOverridesIfModifiedSince() {
    assertThat(Conditionals.notModified(Headers.of("If-None-Match", "\"other\"", "If-Modified-Since",
      "Sun, 06 Nov 1994 08:49:37 GMT"), STORED)).isFalse();
  }

  @Test
  void ifModifiedSinceComparesWithLastModifiedOrElseDate() {
    assertThat(Conditionals.notModified(Headers.of("If-Modified-Since", "Sat, 29 Oct 1994 19:43:31 GMT"), STORED))
      .isTrue();
    assertThat(Conditionals.notModified(Headers.of("If-Modified-Since", "Sat, 29 Oct 1994 19:43:30 GMT"), STORED))
      .isFalse();
    MultiMap dateOnly = Headers.of("Date", "Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(Conditionals.notModified(Headers.of("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"), dateOnly))
      .isTrue();
    assertThat(Conditionals.notModified(Headers.of("If-Modified-Since", "yesterday"), STORED)).isFalse();
  }

  @Test
  void notModifiedCarriesTheValidatorAndCachingFieldsButNoContentFields() {
    MultiMap headers = Conditionals.notModifiedHeaders(STORED);

    assertThat(headers.names()).containsExactlyInAnyOrder("Cache-Control", "Date", "ETag");
  }

  @Test
  void aNotModifiedFromTheOriginRefreshesStoredFieldsButNotContentLength() {
    MultiMap refreshed = Conditionals.refreshed(STORED, Headers.of("Cache-Control", "max-age=120", "Date",
      "Sun, 06 Nov 1994 09:00:00 GMT", "Content-Length", "0", "X-New", "1"));

    assertThat(refreshed.get("Cache-Control")).isEqualTo("max-age=120");
    assertThat(refreshed.get("Date")).isEqualTo("Sun, 06 Nov 1994 09:00:00 GMT");
    assertThat(refreshed.get("Content-Length")).isEqualTo("5");
    assertThat(refreshed.get("X-New")).isEqualTo("1");
    assertThat(refreshed.get("Content-Type")).isEqualTo("text/plain");
  }
}
