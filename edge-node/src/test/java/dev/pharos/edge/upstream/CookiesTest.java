package dev.pharos.edge.upstream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CookiesTest {

  @Test
  void findsACookieAmongOthers() {
    assertThat(Cookies.value("a=1; PHAROS_STICKY=tok; b=2", "PHAROS_STICKY")).isEqualTo("tok");
    assertThat(Cookies.value("PHAROS_STICKY=tok", "PHAROS_STICKY")).isEqualTo("tok");
    assertThat(Cookies.value("a=1;b=2", "b")).isEqualTo("2");
    assertThat(Cookies.value("a=", "a")).isEmpty();
  }

  @Test
  void takesTheFirstOfTwoWithTheSameName() {
    assertThat(Cookies.value("s=1; s=2", "s")).isEqualTo("1");
  }

  @Test
  void matchesWholeNamesOnly() {
    assertThat(Cookies.value("xs=1; sx=2; s", "s")).isNull();
    assertThat(Cookies.value("S=1", "s")).isNull();
    assertThat(Cookies.value(null, "s")).isNull();
    assertThat(Cookies.value("", "s")).isNull();
  }
}
