package dev.pharos.edge.cache.http;

import org.junit.jupiter.api.Test;

import static dev.pharos.edge.cache.http.Headers.cc;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §4.2.1 (freshness lifetime), §4.2.2 (heuristics), §4.2.3 (age), §5.3 (Expires). */
class FreshnessTest {

  private static final String DATE = "Thu, 01 Dec 1994 16:00:00 GMT";
  private static final long DATE_MS = HttpDates.parseMillis(DATE, 0);

  @Test
  void sMaxAgeWinsOverMaxAgeWhichWinsOverExpires() {
    var headers = Headers.of("Date", DATE, "Expires", "Thu, 01 Dec 1994 17:00:00 GMT");

    assertThat(Freshness.lifetimeMillis(200, headers, cc("max-age=60, s-maxage=30"), null, DATE_MS))
      .isEqualTo(30_000);
    assertThat(Freshness.lifetimeMillis(200, headers, cc("max-age=60"), null, DATE_MS)).isEqualTo(60_000);
    assertThat(Freshness.lifetimeMillis(200, headers, CacheControl.EMPTY, null, DATE_MS)).isEqualTo(3_600_000);
  }

  @Test
  void expiresIsCountedFromDateNotFromTheLocalClock() {
    var headers = Headers.of("Date", DATE, "Expires", "Thu, 01 Dec 1994 16:00:10 GMT");

    assertThat(Freshness.lifetimeMillis(200, headers, CacheControl.EMPTY, null, DATE_MS + 3_600_000))
      .isEqualTo(10_000);
  }

  @Test
  void invalidExpiresSuchAsZeroIsInThePast() {
    var headers = Headers.of("Date", DATE, "Expires", "0");

    assertThat(Freshness.lifetimeMillis(200, headers, CacheControl.EMPTY, 5_000L, DATE_MS)).isZero();
  }

  @Test
  void expiresBeforeDateGivesNoFreshness() {
    var headers = Headers.of("Date", DATE, "Expires", "Thu, 01 Dec 1994 15:00:00 GMT");

    assertThat(Freshness.lifetimeMillis(200, headers, CacheControl.EMPTY, null, DATE_MS)).isZero();
  }

  @Test
  void heuristicFreshnessOnlyWithTheRouteDefaultAndOnlyForHeuristicallyCacheableStatuses() {
    var headers = Headers.of("Date", DATE);

    assertThat(Freshness.lifetimeMillis(200, headers, CacheControl.EMPTY, null, DATE_MS)).isZero();
    assertThat(Freshness.lifetimeMillis(200, headers, CacheControl.EMPTY, 5_000L, DATE_MS)).isEqualTo(5_000);
    assertThat(Freshness.lifetimeMillis(404, headers, CacheControl.EMPTY, 5_000L, DATE_MS)).isEqualTo(5_000);
    assertThat(Freshness.lifetimeMillis(302, headers, CacheControl.EMPTY, 5_000L, DATE_MS)).isZero();
    assertThat(Freshness.lifetimeMillis(302, headers, cc("public"), 5_000L, DATE_MS)).isEqualTo(5_000);
  }

  @Test
  void initialAgeIsTheLargerOfApparentAgeAndCorrectedAgeValue() {
    // Apparent age: the response was dated 10 s before it arrived.
    assertThat(Freshness.initialAgeMillis(Headers.of("Date", DATE), DATE_MS + 9_000, DATE_MS + 10_000))
      .isEqualTo(10_000);
    // Corrected age value: Age 60 plus the 1 s the request took, larger than the apparent age.
    assertThat(Freshness.initialAgeMillis(Headers.of("Date", DATE, "Age", "60"), DATE_MS, DATE_MS + 1_000))
      .isEqualTo(61_000);
    // A Date ahead of the local clock gives no negative age.
    assertThat(Freshness.initialAgeMillis(Headers.of("Date", "Thu, 01 Dec 1994 17:00:00 GMT"), DATE_MS, DATE_MS))
      .isZero();
    // A list in Age: its first member counts.
    assertThat(Freshness.initialAgeMillis(Headers.of("Age", "7200, 0"), DATE_MS, DATE_MS)).isEqualTo(7_200_000);
    // An invalid Age is ignored.
    assertThat(Freshness.initialAgeMillis(Headers.of("Age", "ten"), DATE_MS, DATE_MS)).isZero();
  }

  @Test
  void currentAgeAddsResidentTime() {
    assertThat(Freshness.currentAgeMillis(61_000, DATE_MS, DATE_MS + 30_000)).isEqualTo(91_000);
    assertThat(Freshness.ageHeader(91_999)).isEqualTo("91");
  }
}
