package dev.pharos.loadtest.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TargetsResolutionTest {

  private static final String NAME = "origin.pharos.test";

  @Test
  void rotatesOverEveryAddressOfARoundRobinName() throws Exception {
    try (TestOrigin a = TestOrigin.delaying(0); TestOrigin b = TestOrigin.on("127.0.0.2", a.port())) {
      Targets.Resolver roundRobin = host -> List.of(address(host, "127.0.0.1"), address(host, "127.0.0.2"));

      RunResult result = new LoadRun(settings(a.port(), Duration.ofSeconds(10)), roundRobin).run(log -> {});

      assertThat(result.errorCount()).isZero();
      assertThat(a.received()).isEqualTo(25);
      assertThat(b.received()).isEqualTo(25);
      assertThat(b.authorities()).containsOnly(NAME + ":" + a.port());
    }
  }

  @Test
  void followsAChangedAnswerAfterReResolving() throws Exception {
    try (TestOrigin a = TestOrigin.delaying(0); TestOrigin b = TestOrigin.on("127.0.0.2", a.port())) {
      AtomicInteger lookups = new AtomicInteger();
      Targets.Resolver movesAfterFirstAnswer =
          host -> List.of(address(host, lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2"));

      new LoadRun(settings(a.port(), Duration.ofMillis(100)), movesAfterFirstAnswer).run(log -> {});

      assertThat(lookups.get()).isGreaterThan(1);
      assertThat(a.received()).isBetween(1, 49);
      assertThat(b.received()).isEqualTo(50 - a.received());
    }
  }

  private static LoadSettings settings(int port, Duration resolveEvery) {
    return TestSettings.to(URI.create("http://" + NAME + ":" + port + "/")).rate(100).resolveEvery(resolveEvery)
        .build();
  }

  private static InetAddress address(String host, String ip) throws UnknownHostException {
    return InetAddress.getByAddress(host, InetAddress.getByName(ip).getAddress());
  }
}
