package dev.pharos.loadtest.gen;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builds {@link LoadSettings} for tests: no warm-up, short timeouts, and only what a test changes spelled out. */
final class TestSettings {

  private final List<URI> targets;
  private double rate;
  private int connections = 1;
  private Duration duration = Duration.ofMillis(500);
  private Map<String, String> headers = Map.of();
  private boolean http2;
  private boolean insecure;
  private Duration warmup = Duration.ZERO;
  private Duration resolveEvery = Duration.ZERO;
  private Scenario scenario = Scenario.PLAIN_GET;
  private int retries;

  private TestSettings(List<URI> targets) {
    this.targets = targets;
  }

  static TestSettings to(URI... targets) {
    return new TestSettings(List.of(targets));
  }

  TestSettings rate(double requestsPerSecond) {
    this.rate = requestsPerSecond;
    return this;
  }

  TestSettings connections(int count) {
    this.connections = count;
    return this;
  }

  TestSettings duration(Duration measured) {
    this.duration = measured;
    return this;
  }

  TestSettings warmup(Duration unrecorded) {
    this.warmup = unrecorded;
    return this;
  }

  TestSettings headers(Map<String, String> all) {
    this.headers = all;
    return this;
  }

  TestSettings http2(boolean on) {
    this.http2 = on;
    return this;
  }

  TestSettings insecure() {
    this.insecure = true;
    return this;
  }

  TestSettings resolveEvery(Duration period) {
    this.resolveEvery = period;
    return this;
  }

  TestSettings scenario(Scenario mix) {
    this.scenario = mix;
    return this;
  }

  TestSettings retries(int onConnectionFailure) {
    this.retries = onConnectionFailure;
    return this;
  }

  LoadSettings build() {
    return new LoadSettings(targets, rate, connections, duration, warmup, headers, http2, insecure,
        Duration.ofSeconds(5), resolveEvery, scenario, List.of(), retries, Duration.ZERO);
  }
}
