package dev.pharos.loadtest.gen;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar pharos-load.jar}: the command line of the load generator. */
@Command(name = "pharos-load", mixinStandardHelpOptions = true,
    description = "HTTP load generator: open-loop constant rate (--rate) or closed loop (--connections).")
public final class LoadGen implements Callable<Integer> {

  @Option(names = "--target", required = true, description = "URL to load; repeat to rotate over several per request")
  List<URI> targets;

  @Option(names = "--rate", description = "requests per second, open loop; latency counts from the intended send")
  double rate;

  @Option(names = "--connections", defaultValue = "16",
      description = "connections per target; without --rate, also the requests in flight (closed loop)")
  int connections;

  @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
      description = "measured period, e.g. 30s, 2m, 500ms")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
      description = "load sent before the measured period and not recorded")
  Duration warmup;

  @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "per-request timeout, counted as a timeout error")
  Duration timeout;

  @Option(names = "--header", description = "'Name: value'; repeatable")
  List<String> headers = List.of();

  @Option(names = "--http2",
      description = "HTTP/2 (h2 by ALPN over https, h2c with prior knowledge otherwise) instead of HTTP/1.1")
  boolean http2;

  @Option(names = "--resolve-every", defaultValue = "0s", converter = DurationConverter.class,
      description = "re-resolve target host names this often and rotate over all their addresses (DNS round-robin);"
          + " 0s leaves resolution to the HTTP client")
  Duration resolveEvery;

  @Option(names = "--scenario",
      description = "JSON file of weighted requests (method, path, host, bodyBytes); default: GET each target URL")
  Path scenario;

  @Option(names = "--at", converter = TimedCommand.Converter.class,
      description = "OFFSET:COMMAND, run with sh -c at OFFSET into the measured period and marked on the chart;"
          + " repeatable, e.g. --at 10s:'kill 1234'")
  List<TimedCommand> commands = List.of();

  @Option(names = "--retries", defaultValue = "0",
      description = "send a request again, to the target after the one that failed, when it could not connect or"
          + " its connection closed or was reset before an answer; at most this many times (any method)")
  int retries;

  @Option(names = "--connect-timeout", defaultValue = "0s", converter = DurationConverter.class,
      description = "longest wait for a connection; past it the attempt is a connection failure (see --retries);"
          + " 0s keeps the HTTP client's 60 s")
  Duration connectTimeout;

  @Option(names = "--insecure", description = "accept any certificate from https targets (self-signed benchmarks)")
  boolean insecure;

  @Option(names = "--json", description = "write the result as JSON to this file")
  Path json;

  @Option(names = "--html", description = "write an HTML report with inline SVG charts to this file")
  Path html;

  public static void main(String[] args) {
    // Re-resolution must see each DNS answer, not the JVM's 30-second cache of the first one.
    Security.setProperty("networkaddress.cache.ttl", "0");
    System.exit(new CommandLine(new LoadGen()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException, IOException {
    Scenario mix = scenario == null ? Scenario.PLAIN_GET : Scenario.load(scenario);
    LoadSettings settings = new LoadSettings(targets, rate, connections, duration, warmup, parseHeaders(headers),
        http2, insecure, timeout, resolveEvery, mix, commands, retries, connectTimeout);
    RunResult result = runWithProgress(settings);
    printSummary(result);
    if (json != null) {
      Files.writeString(json, JsonReport.of(result).encodePrettily(), StandardCharsets.UTF_8);
    }
    if (html != null) {
      Files.writeString(html, HtmlReport.of(result), StandardCharsets.UTF_8);
    }
    return 0;
  }

  private static RunResult runWithProgress(LoadSettings settings) throws InterruptedException, UnknownHostException {
    // On Java 17 System.console() is non-null only when both stdin and stdout are terminals.
    if (System.console() == null) {
      return new LoadRun(settings).run(log -> {});
    }
    ProgressLine[] progress = new ProgressLine[1];
    try {
      return new LoadRun(settings).run(log -> progress[0] = new ProgressLine(System.out, log));
    } finally {
      if (progress[0] != null) {
        progress[0].close();
      }
    }
  }

  private static void printSummary(RunResult r) {
    RunResult.Percentiles p = r.latency();
    System.out.printf(Locale.ROOT, "%s: %d requests in %.1f s, %.1f req/s, errors %s%n", r.mode(), r.requests(),
        r.durationSeconds(), r.achievedRate(), JsonReport.of(r).getJsonObject("errors").encode());
    System.out.printf(Locale.ROOT, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
        p.p50(), p.p90(), p.p99(), p.p999(), p.max());
  }

  static Map<String, String> parseHeaders(List<String> lines) {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new CommandLine.TypeConversionException("header must be 'Name: value': " + line);
      }
      parsed.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    return parsed;
  }
}
