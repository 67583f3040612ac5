package dev.pharos.edge.cache.http;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 §4.4. */
class InvalidationTest {

  private static final URI TARGET = URI.create("http://shop.example/items/1?x=1");

  @Test
  void unsafeMethodsWithSuccessOrRedirectInvalidate() {
    assertThat(Invalidation.invalidates("POST", 201)).isTrue();
    assertThat(Invalidation.invalidates("DELETE", 204)).isTrue();
    assertThat(Invalidation.invalidates("PUT", 303)).isTrue();
    assertThat(Invalidation.invalidates("POST", 500)).isFalse();
    assertThat(Invalidation.invalidates("GET", 200)).isFalse();
    assertThat(Invalidation.invalidates("HEAD", 200)).isFalse();
  }

  @Test
  void locationAndContentLocationOnTheSameOriginOnly() {
    assertThat(Invalidation.uris(TARGET, Headers.of("Location", "/items/2", "Content-Location",
      "http://other.example/items/1")))
      .containsExactly(TARGET, URI.create("http://shop.example/items/2"));
    assertThat(Invalidation.uris(TARGET, Headers.of("Content-Location", "3"))).containsExactly(TARGET,
      URI.create("http://shop.example/items/3"));
    assertThat(Invalidation.uris(TARGET, Headers.of("Location", "ht tp://bad uri"))).containsExactly(TARGET);
  }
}
