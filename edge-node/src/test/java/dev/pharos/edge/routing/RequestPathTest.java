package dev.pharos.edge.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/, /",
    "/api/users, /api/users",
    "/api/users/, /api/users/",
    "//api///users, /api/users",
    "/api//, /api/",
    "/a/./b, /a/b",
    "/a/b/., /a/b/",
    "/a/b/../c, /a/c",
    "/a/b/.., /a/",
    "/a/.., /",
    "/.., /",
    "/../a, /a",
    "/../../a/../../b, /b",
    "/.well-known/x, /.well-known/x",
    "/a/.../b, /a/.../b",
    "/a/..b/c, /a/..b/c",
  })
  void removesDotSegmentsAndMergesSlashes(String uri, String path) {
    assertThat(RequestPath.parse(uri).path()).isEqualTo(path);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/%7Euser/%41%62c, /~user/Abc",
    "/a%2db%5fc%2E, /a-b_c.",
    "/a%2fb, /a%2Fb",
    "/a%2Fb/../c, /c",
    "/caf%c3%a9, /caf%C3%A9",
    "/a%20b, /a%20b",
  })
  void decodesOnlyUnreservedCharactersAndUpperCasesTheRest(String uri, String path) {
    assertThat(RequestPath.parse(uri).path()).isEqualTo(path);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/public/%2e%2e/admin, /admin",
    "/public/%2E%2E/admin, /admin",
    "/public/.%2e/admin, /admin",
    "/public/%2e/admin, /public/admin",
    "/%2e%2e/%2e%2e/etc, /etc",
  })
  void removesDotSegmentsAfterDecoding(String uri, String path) {
    assertThat(RequestPath.parse(uri).path()).isEqualTo(path);
  }

  @Test
  void keepsTheQueryRaw() {
    RequestPath parsed = RequestPath.parse("/a/../b?x=%2e%2e/../&y=a//b?c");

    assertThat(parsed.path()).isEqualTo("/b");
    assertThat(parsed.query()).isEqualTo("x=%2e%2e/../&y=a//b?c");
  }

  @Test
  void distinguishesAnEmptyQueryFromNone() {
    assertThat(RequestPath.parse("/a?").query()).isEmpty();
    assertThat(RequestPath.parse("/a").query()).isNull();
  }

  @Test
  void returnsTheSameStringForAnAlreadyNormalPath() {
    String uri = "/api/v1/users";

    assertThat(RequestPath.parse(uri).path()).isSameAs(uri);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "",
    "api/users",
    "*",
    "http://example.com/a",
    "example.com:443",
    "/a%",
    "/a%2",
    "/a%zz",
    "/a%2g",
    "/a%00b",
    "/a\u0000b",
    "/a\nb",
    "/a\rb",
    "/a\tb",
    "/a b",
    "/a\u007fb",
    "/caf\u00e9",
    "/a\u20acb",
    "/a#frag",
    "/a?q#frag",
    "/a?q=\u0001",
    "/public\\..\\admin",
  })
  void rejectsInvalidTargets(String uri) {
    assertThat(RequestPath.parse(uri)).isNull();
  }

  @Test
  void rejectsNull() {
    assertThat(RequestPath.parse(null)).isNull();
  }
}
