package dev.pharos.edge.proxy;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeErrorTest {

  @Test
  void timeoutsAnswer504() {
    assertThat(EdgeError.ofUpstreamFailure(new NoStackTraceTimeoutException("idle"))).isEqualTo(EdgeError.UPSTREAM_TIMEOUT);
    assertThat(EdgeError.ofUpstreamFailure(new TimeoutException())).isEqualTo(EdgeError.UPSTREAM_TIMEOUT);
    assertThat(EdgeError.ofUpstreamFailure(new ConnectTimeoutException("connect"))).isEqualTo(EdgeError.UPSTREAM_TIMEOUT);
  }

  @Test
  void aFullWaitQueueAnswers503() {
    assertThat(EdgeError.ofUpstreamFailure(new ConnectionPoolTooBusyException("full")))
      .isEqualTo(EdgeError.UPSTREAM_BUSY);
  }

  @Test
  void refusedResetAndInvalidExchangesAnswer502() {
    assertThat(EdgeError.ofUpstreamFailure(new ConnectException("refused"))).isEqualTo(EdgeError.UPSTREAM_FAILED);
    assertThat(EdgeError.ofUpstreamFailure(new StreamResetException(0))).isEqualTo(EdgeError.UPSTREAM_FAILED);
    assertThat(EdgeError.ofUpstreamFailure(new HttpClosedException("closed"))).isEqualTo(EdgeError.UPSTREAM_FAILED);
    assertThat(EdgeError.ofUpstreamFailure(new IllegalArgumentException("invalid version format")))
      .isEqualTo(EdgeError.UPSTREAM_FAILED);
  }
}
