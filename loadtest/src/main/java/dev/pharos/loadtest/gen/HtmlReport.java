package dev.pharos.loadtest.gen;

import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page: the summary, the latency percentile curve, rate and errors per second, and p99 per
 * second, with the {@code --at} commands marked on the time charts.
 */
final class HtmlReport {

  /** Percentiles past 99.999 would sit at infinity on the "nines" axis; the curve stops there. */
  private static final double MAX_NINES = 5;

  private HtmlReport() {}

  static String of(RunResult result) {
    RunResult.Percentiles p = result.latency();
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Pharos load report</title></head><body>\n"
        + "<h1>Pharos load report</h1>\n"
        + String.format(Locale.ROOT,
            "<p>%s, %.1f s measured: %d requests, %d errors %s, %.1f req/s.</p>%n",
            result.mode(), result.durationSeconds(), result.requests(), result.errorCount(),
            Html.escape(JsonReport.of(result).getJsonObject("errors").encode()), result.achievedRate())
        + String.format(Locale.ROOT,
            "<p>Latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms.</p>%n",
            p.p50(), p.p90(), p.p99(), p.p999(), p.max())
        + percentileChart(result) + secondsChart(result) + p99Chart(result)
        + "</body></html>\n";
  }

  private static String percentileChart(RunResult result) {
    List<double[]> points = result.curve().stream()
        .map(c -> new double[] {nines(c.percentile()), c.millis()})
        .toList();
    return new SvgChart("Latency by percentile", "percentile: 1 = p90, 2 = p99, 3 = p99.9, 4 = p99.99",
        "ms", MAX_NINES, result.latency().max())
        .add(new SvgChart.Series("latency", "#1f77b4", points))
        .render();
  }

  private static String secondsChart(RunResult result) {
    List<RunResult.Second> seconds = result.seconds();
    double maxRate = seconds.stream().mapToLong(RunResult.Second::requests).max().orElse(0);
    SvgChart chart = new SvgChart("Requests (blue) and errors (red) per second", "second", "per second",
        Math.max(1, seconds.size() - 1), maxRate)
        .add(new SvgChart.Series("requests", "#1f77b4",
            seconds.stream().map(s -> new double[] {s.second(), s.requests()}).toList()))
        .add(new SvgChart.Series("errors", "#d62728",
            seconds.stream().map(s -> new double[] {s.second(), s.errors()}).toList()));
    result.events().forEach(e -> chart.mark(e.at(), e.command()));
    return chart.render();
  }

  private static String p99Chart(RunResult result) {
    List<RunResult.Second> seconds = result.seconds();
    double maxP99 = seconds.stream().mapToDouble(RunResult.Second::p99).max().orElse(0);
    SvgChart chart = new SvgChart("p99 latency per second", "second", "ms", Math.max(1, seconds.size() - 1), maxP99)
        .add(new SvgChart.Series("p99", "#2ca02c",
            seconds.stream().map(s -> new double[] {s.second(), s.p99()}).toList()));
    result.events().forEach(e -> chart.mark(e.at(), e.command()));
    return chart.render();
  }

  private static double nines(double percentile) {
    return percentile >= 100 ? MAX_NINES : Math.min(MAX_NINES, -Math.log10(1 - percentile / 100));
  }
}
