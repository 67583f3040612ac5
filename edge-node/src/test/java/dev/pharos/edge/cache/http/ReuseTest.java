package dev.pharos.edge.cache.http;

import org.junit.jupiter.api.Test;

import static dev.pharos.edge.cache.http.Headers.cc;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §4.2 (fresh or stale), §4.2.4 (serving stale), §5.2.1 (request directives), RFC 5861. */
class ReuseTest {

  private static final CacheControl NONE = CacheControl.EMPTY;

  @Test
  void freshUntilAgeReachesTheLifetime() {
    assertThat(Reuse.decide(60_000, 59_999, cc("max-age=60"), NONE, false)).isEqualTo(Reuse.FRESH);
    assertThat(Reuse.decide(60_000, 60_000, cc("max-age=60"), NONE, false)).isEqualTo(Reuse.REVALIDATE);
  }

  @Test
  void noCacheOnEitherSideAlwaysRevalidates() {
    assertThat(Reuse.decide(60_000, 0, cc("max-age=60, no-cache"), NONE, false)).isEqualTo(Reuse.REVALIDATE);
    assertThat(Reuse.decide(60_000, 0, cc("max-age=60"), cc("no-cache"), false)).isEqualTo(Reuse.REVALIDATE);
    // §5.4: Pragma: no-cache counts when the request has no Cache-Control.
    assertThat(Reuse.decide(60_000, 0, cc("max-age=60"), NONE, true)).isEqualTo(Reuse.REVALIDATE);
  }

  @Test
  void requestMaxAgeBoundsTheAgeAccepted() {
    assertThat(Reuse.decide(60_000, 10_000, NONE, cc("max-age=5"), false)).isEqualTo(Reuse.REVALIDATE);
    assertThat(Reuse.decide(60_000, 4_000, NONE, cc("max-age=5"), false)).isEqualTo(Reuse.FRESH);
    assertThat(Reuse.decide(60_000, 1, NONE, cc("max-age=0"), false)).isEqualTo(Reuse.REVALIDATE);
  }

  @Test
  void minFreshAsksForFreshnessLeft() {
    assertThat(Reuse.decide(60_000, 50_000, NONE, cc("min-fresh=20"), false)).isEqualTo(Reuse.REVALIDATE);
    assertThat(Reuse.decide(60_000, 30_000, NONE, cc("min-fresh=20"), false)).isEqualTo(Reuse.FRESH);
  }

  @Test
  void maxStaleAcceptsStalenessUpToItsValue() {
    assertThat(Reuse.decide(60_000, 70_000, NONE, cc("max-stale=10"), false)).isEqualTo(Reuse.STALE_ACCEPTED);
    assertThat(Reuse.decide(60_000, 70_001, NONE, cc("max-stale=10"), false)).isEqualTo(Reuse.REVALIDATE);
    assertThat(Reuse.decide(60_000, 999_000, NONE, cc("max-stale"), false)).isEqualTo(Reuse.STALE_ACCEPTED);
  }

  @Test
  void mustRevalidateProxyRevalidateAndSMaxAgeForbidStaleUse() {
    for (String forbidding : new String[] {"max-age=60, must-revalidate", "max-age=60, proxy-revalidate",
      "s-maxage=60, stale-while-revalidate=30"}) {
      assertThat(Reuse.decide(60_000, 70_000, cc(forbidding), cc("max-stale"), false)).as(forbidding)
        .isEqualTo(Reuse.REVALIDATE);
      assertThat(Reuse.staleIfError(60_000, 70_000, cc(forbidding + ", stale-if-error=100"), NONE)).isFalse();
    }
  }

  @Test
  void staleWhileRevalidateWindow() {
    // RFC 5861 §3's example: max-age=600, stale-while-revalidate=30.
    CacheControl response = cc("max-age=600, stale-while-revalidate=30");

    assertThat(Reuse.decide(600_000, 620_000, response, NONE, false)).isEqualTo(Reuse.STALE_WHILE_REVALIDATE);
    assertThat(Reuse.decide(600_000, 631_000, response, NONE, false)).isEqualTo(Reuse.REVALIDATE);
  }

  @Test
  void staleIfErrorWindowFromResponseOrRequest() {
    // RFC 5861 §4's example: max-age=600, stale-if-error=1200.
    CacheControl response = cc("max-age=600, stale-if-error=1200");

    assertThat(Reuse.staleIfError(600_000, 1_800_000, response, NONE)).isTrue();
    assertThat(Reuse.staleIfError(600_000, 1_800_001, response, NONE)).isFalse();
    assertThat(Reuse.staleIfError(600_000, 700_000, cc("max-age=600"), NONE)).isFalse();
    assertThat(Reuse.staleIfError(600_000, 700_000, cc("max-age=600"), cc("stale-if-error=200"))).isTrue();
  }

  @Test
  void staleWindowKeepsEntriesWithValidatorsForRevalidation() {
    assertThat(Reuse.staleWindowMillis(cc("max-age=1"), false, 60_000)).isZero();
    assertThat(Reuse.staleWindowMillis(cc("max-age=1"), true, 60_000)).isEqualTo(60_000);
    assertThat(Reuse.staleWindowMillis(cc("max-age=1, stale-if-error=300"), false, 60_000)).isEqualTo(300_000);
    assertThat(Reuse.staleWindowMillis(cc("max-age=1, must-revalidate, stale-if-error=300"), false, 60_000))
      .isZero();
  }
}
