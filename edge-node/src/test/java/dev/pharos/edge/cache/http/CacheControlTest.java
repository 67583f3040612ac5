package dev.pharos.edge.cache.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.pharos.edge.cache.http.Headers.cc;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §5.2 (directive syntax) and §1.2.2 (delta-seconds). */
class CacheControlTest {

  @Test
  void directivesAreCaseInsensitiveAndSpreadOverFieldLines() {
    CacheControl cc = cc("Public, MAX-AGE=60", "s-maxage=30 , must-revalidate");

    assertThat(cc.isPublic()).isTrue();
    assertThat(cc.maxAge()).isEqualTo(60);
    assertThat(cc.sMaxAge()).isEqualTo(30);
    assertThat(cc.mustRevalidate()).isTrue();
    assertThat(cc.noStore()).isFalse();
  }

  @Test
  void quotedArgumentsAreAcceptedAsTokensAre() {
    // §5.2: senders use the token form, recipients should accept the quoted form too.
    assertThat(cc("max-age=\"5\"").maxAge()).isEqualTo(5);
    assertThat(cc("no-cache=\"Set-Cookie, Set-Cookie2\", max-age=9").maxAge()).isEqualTo(9);
  }

  @Test
  void qualifiedNoCacheAndPrivateNameFieldsInsteadOfTheWholeResponse() {
    CacheControl cc = cc("no-cache=\"Set-Cookie, Set-Cookie2\", private=\"X-Secret\"");

    assertThat(cc.noCache()).isFalse();
    assertThat(cc.noCacheFields()).containsExactly("set-cookie", "set-cookie2");
    assertThat(cc.isPrivate()).isFalse();
    assertThat(cc.privateFields()).containsExactly("x-secret");
    assertThat(cc("no-cache, private").noCache()).isTrue();
    assertThat(cc("no-cache, private").isPrivate()).isTrue();
  }

  @Test
  void cdnCacheControlOverridesCacheControlForResponses() {
    // RFC 9213: a CDN uses its targeted field when present.
    var headers = Headers.of("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60");

    assertThat(CacheControl.ofResponse(headers).noStore()).isFalse();
    assertThat(CacheControl.ofResponse(headers).maxAge()).isEqualTo(60);
    assertThat(CacheControl.of(headers).noStore()).isTrue();
  }

  @Test
  void anInvalidCdnCacheControlIsIgnoredAsAWhole() {
    // RFC 9213 §2.1: a targeted field that fails to parse as a Structured Field is ignored.
    for (String invalid : new String[] {"max-age=10000, &&&&&", "max-age=\"10000\"", "max-age=1.5", "Max-Age=5"}) {
      var headers = Headers.of("Cache-Control", "no-store", "CDN-Cache-Control", invalid);
      assertThat(CacheControl.ofResponse(headers).noStore()).as(invalid).isTrue();
    }
    assertThat(CacheControl.parseTargeted(java.util.List.of("no-store=?0, max-age=5, private=?1")).noStore())
      .isFalse();
    assertThat(CacheControl.parseTargeted(java.util.List.of("no-store=?0, max-age=5, private=?1")).isPrivate())
      .isTrue();
  }

  @Test
  void theFirstOfRepeatedDirectivesCounts() {
    // §4.2.1: use the first occurrence.
    assertThat(cc("max-age=10", "max-age=1000").maxAge()).isEqualTo(10);
  }

  @Test
  void freshnessThatIsNotDeltaSecondsMakesTheResponseStale() {
    // §4.2.1 encourages treating invalid freshness information as stale.
    assertThat(cc("max-age=abc").maxAge()).isZero();
    assertThat(cc("s-maxage=-1").sMaxAge()).isZero();
    assertThat(cc("max-age").maxAge()).isZero();
  }

  @Test
  void deltaSecondsTooLargeBecome2147483648() {
    assertThat(cc("max-age=99999999999999999999999").maxAge()).isEqualTo(2147483648L);
  }

  @Test
  void requestDirectives() {
    CacheControl cc = cc("max-stale, min-fresh=20, only-if-cached, no-cache");

    assertThat(cc.maxStale()).isEqualTo(Long.MAX_VALUE);
    assertThat(cc.minFresh()).isEqualTo(20);
    assertThat(cc.onlyIfCached()).isTrue();
    assertThat(cc.noCache()).isTrue();
    assertThat(cc("max-stale=30").maxStale()).isEqualTo(30);
    assertThat(cc("max-stale=x").maxStale()).isEqualTo(CacheControl.ABSENT);
    assertThat(cc("").maxAge()).isEqualTo(CacheControl.ABSENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"=", ",,,", "max-age=\"5", "no-store\"", "\u0000;;", "max-age==3, no-store",
    "public garbage here, no-store", "a=b=c, no-store", "\"quoted\", no-store"})
  void malformedMembersAreSkippedWithoutFailing(String line) {
    CacheControl cc = cc(line);

    assertThat(cc.maxAge()).isIn(CacheControl.ABSENT, 0L);
    if (line.endsWith("no-store")) {
      assertThat(cc.noStore()).as(line).isTrue();
    }
  }

  @Test
  void staleExtensionsOfRfc5861() {
    CacheControl cc = cc("max-age=600, stale-while-revalidate=30, stale-if-error=1200");

    assertThat(cc.staleWhileRevalidate()).isEqualTo(30);
    assertThat(cc.staleIfError()).isEqualTo(1200);
  }
}
