package dev.pharos.edge.cache.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §4.1 (secondary keys) and RFC 9110 §12.5.3 (Accept-Encoding). */
class VaryTest {

  @Test
  void namesAreCaseInsensitiveAcrossLines() {
    assertThat(Vary.names(Headers.of("Vary", "Accept-Encoding, ACCEPT", "Vary", "accept-language")))
      .containsExactly("accept", "accept-encoding", "accept-language");
  }

  @Test
  void requestsWithTheSameNormalisedValuesShareAVariant() {
    List<String> names = List.of("accept-language");

    assertThat(Vary.secondaryKey(names, Headers.of("Accept-Language", "en,  fr")))
      .isEqualTo(Vary.secondaryKey(names, Headers.of("Accept-Language", "en", "Accept-Language", "fr")));
    assertThat(Vary.secondaryKey(names, Headers.of("Accept-Language", "en")))
      .isNotEqualTo(Vary.secondaryKey(names, Headers.of("Accept-Language", "fr")));
  }

  @Test
  void acceptEncodingIgnoresOrderCaseAndNonZeroWeights() {
    List<String> names = List.of("accept-encoding");

    assertThat(Vary.secondaryKey(names, Headers.of("Accept-Encoding", "gzip, br;q=0.8")))
      .isEqualTo(Vary.secondaryKey(names, Headers.of("Accept-Encoding", "BR, x-gzip;q=1.0")))
      .isEqualTo(Vary.secondaryKey(names, Headers.of("Accept-Encoding", "br, gzip, identity;q=0")));
    assertThat(Vary.secondaryKey(names, Headers.of("Accept-Encoding", "gzip")))
      .isNotEqualTo(Vary.secondaryKey(names, Headers.of("Accept-Encoding", "gzip, br")));
  }

  @Test
  void anAbsentFieldMatchesOnlyAnAbsentField() {
    List<String> names = List.of("accept-encoding");

    assertThat(Vary.secondaryKey(names, Headers.of()))
      .isNotEqualTo(Vary.secondaryKey(names, Headers.of("Accept-Encoding", "")))
      .isEqualTo(Vary.secondaryKey(names, Headers.of("Other", "x")));
  }

  @Test
  void noVaryNoSecondaryKey() {
    assertThat(Vary.secondaryKey(List.of(), Headers.of("Accept", "x"))).isEmpty();
  }
}
