package dev.pharos.edge.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which origin Cache-Control lines vertx-http-proxy's parser would fail on, so that they are kept from it. */
class OriginCacheControlTest {

  @ParameterizedTest
  @ValueSource(strings = {"max-age=\"60\"", "max-age=2147483648", "max-age= 60", "public, max-age=1.5",
    "MAX-AGE=abc", "max-age="})
  void unreadableMaxAgesAreRecognised(String line) {
    assertThat(OriginCacheControl.libraryCanRead(line)).isFalse();
  }

  @Test
  void readableLinesAreLeftAlone() {
    assertThat(OriginCacheControl.libraryCanRead("public, max-age=60")).isTrue();
    assertThat(OriginCacheControl.libraryCanRead("no-store, private=\"a, b\"")).isTrue();
    assertThat(OriginCacheControl.libraryCanRead("s-maxage=abc")).isTrue();
  }
}
