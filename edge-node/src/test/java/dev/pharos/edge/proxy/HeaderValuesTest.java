package dev.pharos.edge.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "abc-123", "!~\"(),/:;<", "=>?@[\\]{}|", "0123456789"})
  void acceptsVisibleAscii(String value) {
    assertThat(HeaderValues.isToken(value, 10)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "tab\t", "nl\n", "del\u007f", "caf\u00e9", "01234567890"})
  void rejectsEmptyTooLongSpacesControlsAndNonAscii(String value) {
    assertThat(HeaderValues.isToken(value, 10)).isFalse();
  }

  @Test
  void rejectsNull() {
    assertThat(HeaderValues.isToken(null, 10)).isFalse();
  }
}
