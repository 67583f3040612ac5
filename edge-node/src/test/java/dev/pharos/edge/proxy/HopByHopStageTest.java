package dev.pharos.edge.proxy;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HopByHopStageTest {

  @Test
  void removesTheStandardHopByHopHeaders() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("Connection", "keep-alive")
      .add("Keep-Alive", "timeout=5")
      .add("Proxy-Connection", "keep-alive")
      .add("Proxy-Authenticate", "Basic")
      .add("Proxy-Authorization", "Basic dXNlcjpwYXNz")
      .add("TE", "trailers")
      .add("Trailer", "x-checksum")
      .add("Transfer-Encoding", "chunked")
      .add("Upgrade", "h2c")
      .add("Content-Type", "text/plain");

    HopByHopStage.strip(headers);

    assertThat(headers.names()).containsExactly("Content-Type");
  }

  @Test
  void removesEveryHeaderNamedInEveryConnectionHeader() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("Connection", " X-One ,x-two,, ")
      .add("connection", "X-THREE")
      .add("x-one", "1")
      .add("X-Two", "2")
      .add("x-three", "3")
      .add("X-Four", "4");

    HopByHopStage.strip(headers);

    assertThat(headers.names()).containsExactly("X-Four");
  }
}
