package dev.pharos.edge.cache.http;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.pharos.edge.cache.http.Headers.cc;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §3 (storing responses), §3.5 (Authorization), §5.2 (no-store, private). */
class StorabilityTest {

  private static String whyNot(String method, MultiMap request, int status, MultiMap response) {
    return Storability.whyNot(method, request, CacheControl.of(request), status, response,
      CacheControl.of(response), false);
  }

  @Test
  void getWithExplicitFreshnessIsStored() {
    assertThat(whyNot("GET", Headers.of(), 200, Headers.of("Cache-Control", "max-age=60"))).isNull();
    assertThat(whyNot("GET", Headers.of(), 302, Headers.of("Expires", "Thu, 01 Dec 2094 16:00:00 GMT"))).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "HEAD", "PUT", "DELETE"})
  void onlyGetResponsesAreStored(String method) {
    assertThat(whyNot(method, Headers.of(), 200, Headers.of("Cache-Control", "max-age=60"))).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 206, 304})
  void partialAndNotModifiedAndInterimResponsesAreNotStored(int status) {
    assertThat(whyNot("GET", Headers.of(), status, Headers.of("Cache-Control", "max-age=60"))).isNotNull();
  }

  @Test
  void noStoreInRequestOrResponseAndPrivateAreNotStored() {
    assertThat(whyNot("GET", Headers.of("Cache-Control", "no-store"), 200, Headers.of("Cache-Control", "max-age=60")))
      .isEqualTo("no-store");
    assertThat(whyNot("GET", Headers.of(), 200, Headers.of("Cache-Control", "max-age=60, no-store")))
      .isEqualTo("no-store");
    assertThat(whyNot("GET", Headers.of(), 200, Headers.of("Cache-Control", "private, max-age=60")))
      .isEqualTo("private");
    // Qualified private names fields not to store; the response itself may be stored without them.
    assertThat(whyNot("GET", Headers.of(), 200, Headers.of("Cache-Control", "private=\"X-Secret\", max-age=60")))
      .isNull();
  }

  @Test
  void authorizedRequestsAreStoredOnlyWhenTheResponseSaysSo() {
    MultiMap authorized = Headers.of("Authorization", "Bearer x");

    assertThat(whyNot("GET", authorized, 200, Headers.of("Cache-Control", "max-age=60"))).isEqualTo("authorization");
    assertThat(whyNot("GET", authorized, 200, Headers.of("Cache-Control", "public, max-age=60"))).isNull();
    assertThat(whyNot("GET", authorized, 200, Headers.of("Cache-Control", "s-maxage=60"))).isNull();
    assertThat(whyNot("GET", authorized, 200, Headers.of("Cache-Control", "max-age=60, must-revalidate"))).isNull();
  }

  @Test
  void setCookieOnlyWhenTheRouteAllowsIt() {
    MultiMap response = Headers.of("Cache-Control", "max-age=60", "Set-Cookie", "id=1");

    assertThat(whyNot("GET", Headers.of(), 200, response)).isEqualTo("set-cookie");
    assertThat(Storability.whyNot("GET", Headers.of(), CacheControl.EMPTY, 200, response, CacheControl.of(response),
      true)).isNull();
  }

  @Test
  void varyStarNeverMatchesSoIsNotStored() {
    assertThat(whyNot("GET", Headers.of(), 200, Headers.of("Cache-Control", "max-age=60", "Vary", "Accept, *")))
      .isEqualTo("vary *");
  }

  @Test
  void withoutExplicitFreshnessOnlyHeuristicallyCacheableStatusesAreStored() {
    assertThat(whyNot("GET", Headers.of(), 200, Headers.of("ETag", "\"a\""))).isNull();
    assertThat(whyNot("GET", Headers.of(), 302, Headers.of("ETag", "\"a\""))).isNotNull();
    assertThat(whyNot("GET", Headers.of(), 500, Headers.of())).isNotNull();
    assertThat(whyNot("GET", Headers.of(), 500, Headers.of("Cache-Control", "public"))).isNull();
  }

  @Test
  void rangeRequestsAreNotStored() {
    assertThat(whyNot("GET", Headers.of("Range", "bytes=0-1"), 200, Headers.of("Cache-Control", "max-age=60")))
      .isNotNull();
  }
}
