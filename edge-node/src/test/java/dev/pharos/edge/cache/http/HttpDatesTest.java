package dev.pharos.edge.cache.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9110 §5.6.7. */
class HttpDatesTest {

  @Test
  void httpDatesInAllThreeForms() {
    // RFC 9110 §5.6.7's three examples of the same instant.
    long imf = HttpDates.parseMillis("Sun, 06 Nov 1994 08:49:37 GMT", -1);

    assertThat(imf).isPositive();
    assertThat(HttpDates.parseMillis("Sunday, 06-Nov-94 08:49:37 GMT", -1)).isEqualTo(imf);
    assertThat(HttpDates.parseMillis("Sun Nov  6 08:49:37 1994", -1)).isEqualTo(imf);
    assertThat(HttpDates.parseMillis("sun, 06 NOV 1994 08:49:37 gmt", -1)).isEqualTo(imf);
    assertThat(HttpDates.parse("0")).isNull();
    assertThat(HttpDates.format(imf)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
  }
}
