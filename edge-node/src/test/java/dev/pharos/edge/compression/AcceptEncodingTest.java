package dev.pharos.edge.compression;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptEncodingTest {

  private static final List<ContentCoding> BOTH = List.of(ContentCoding.BR, ContentCoding.GZIP);

  @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
    "gzip                          | gzip",
    "GZIP                          | gzip",
    "x-gzip                        | gzip",
    "gzip, deflate, br             | br",
    "br;q=0.5, gzip                | gzip",
    "gzip;q=0.5, br;q=0.8          | br",
    "gzip;q=1.0, br;q=1            | br",
    "br;q=0, gzip;q=0.001          | gzip",
    "gzip;q=0                      | none",
    "gzip; q=0, br; Q=0            | none",
    "*                             | br",
    "*;q=0.5, br;q=0.2             | gzip",
    "*;q=0                         | none",
    "identity                      | none",
    "deflate                       | none",
    "gzip;q=2                      | none",
    "gzip;q=0.0001                 | none",
    "gzip;q=abc                    | none",
    "gzip;level=1                  | gzip",
    "' '                           | none",
    ",,gzip,,                      | gzip",
  })
  void choosesTheAcceptedCodingWithTheHighestWeight(String header, String expected) {
    ContentCoding chosen = AcceptEncoding.choose(header, BOTH);

    assertThat(chosen == null ? null : chosen.token()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"br, gzip | gzip", "br | none"}, nullValues = "none")
  void choosesOnlyAmongTheOfferedCodings(String header, String expected) {
    ContentCoding chosen = AcceptEncoding.choose(header, List.of(ContentCoding.GZIP));

    assertThat(chosen == null ? null : chosen.token()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "text/html; charset=utf-8 | true",
    "Text/CSS                 | true",
    "application/json         | true",
    "application/jsonx        | false",
    "image/svg+xml            | true",
    "image/png                | false",
    "texts/plain              | false",
    "text                     | false",
  })
  void compressesTheDefaultTypes(String contentType, boolean compressed) {
    assertThat(CompressionSettings.DEFAULTS.compresses(contentType)).isEqualTo(compressed);
  }
}
