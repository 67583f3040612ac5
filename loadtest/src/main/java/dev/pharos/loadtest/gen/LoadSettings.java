package dev.pharos.loadtest.gen;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One run's parameters.
 *
 * @param rate requests per second for an open-loop run, or 0 for a closed loop
 * @param connections connections per target; in a closed loop also the number of requests in flight
 * @param insecure accept any certificate from an https target, e.g. a benchmark's self-signed one
 * @param resolveEvery how often to re-resolve target host names, or zero to let the client resolve them once
 * @param connectionRetries how many times a request is sent again, to the target after the failed one, when it
 *                          could not connect or its connection closed or was reset before an answer; 0 counts
 *                          the first such failure as an error
 * @param connectTimeout the longest wait for a connection before the attempt counts as a connection failure; zero
 *                       leaves the HTTP client's default (60 s)
 */
public record LoadSettings(
    List<URI> targets,
    double rate,
    int connections,
    Duration duration,
    Duration warmup,
    Map<String, String> headers,
    boolean http2,
    boolean insecure,
    Duration timeout,
    Duration resolveEvery,
    Scenario scenario,
    List<TimedCommand> commands,
    int connectionRetries,
    Duration connectTimeout) {

  public LoadSettings {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("at least one target");
    }
    if (rate < 0 || connections < 1) {
      throw new IllegalArgumentException("rate must be >= 0 and connections >= 1");
    }
    if (connectionRetries < 0) {
      throw new IllegalArgumentException("retries must be >= 0");
    }
    targets = List.copyOf(targets);
    headers = Map.copyOf(headers);
    commands = List.copyOf(commands);
  }

  boolean openLoop() {
    return rate > 0;
  }
}
