package dev.pharos.loadtest.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoadGenTest {

  @Test
  void writesAJsonResultAndAnHtmlReportWithSvgCharts(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("results.json");
    Path html = dir.resolve("report.html");
    try (TestOrigin origin = TestOrigin.delaying(1)) {
      int exit = new CommandLine(new LoadGen()).execute("--target", origin.uri().toString(), "--rate", "100",
          "--duration", "1s", "--warmup", "0s", "--header", "Host: a.example", "--json", json.toString(),
          "--html", html.toString());

      assertThat(exit).isZero();
    }
    JsonObject result = new JsonObject(Files.readString(json));
    assertThat(result.getLong("requests")).isEqualTo(100);
    assertThat(result.getJsonObject("errors").fieldNames())
        .containsExactlyInAnyOrder("connect", "timeout", "4xx", "5xx", "other");
    assertThat(result.getJsonObject("latencyMillis").fieldNames())
        .containsExactlyInAnyOrder("p50", "p90", "p99", "p99.9", "max");
    assertThat(result.getDouble("achievedRate")).isGreaterThan(0);
    assertThat(result.getJsonArray("perSecond")).isNotEmpty();
    assertThat(result.getJsonArray("perSecond").getJsonObject(0).fieldNames())
        .containsExactlyInAnyOrder("second", "rate", "errors", "p99");
    String page = Files.readString(html);
    assertThat(page).contains("<svg").contains("<polyline").doesNotContain("src=\"http", "href=\"http");
  }

  @Test
  void runsATimedCommandAndMarksItInBothReports(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("results.json");
    Path html = dir.resolve("report.html");
    Path touched = dir.resolve("touched");
    String command = "touch " + touched;
    try (TestOrigin origin = TestOrigin.delaying(0)) {
      new CommandLine(new LoadGen()).execute("--target", origin.uri().toString(), "--rate", "50",
          "--duration", "1s", "--warmup", "0s", "--at", "200ms:" + command, "--json", json.toString(),
          "--html", html.toString());
    }
    assertThat(touched).exists();
    JsonObject event = new JsonObject(Files.readString(json)).getJsonArray("events").getJsonObject(0);
    assertThat(event.getString("command")).isEqualTo(command);
    assertThat(event.getDouble("at")).isBetween(0.2, 0.9);
    assertThat(Files.readString(html)).contains("stroke-dasharray").contains(command);
  }

  @Test
  void readsDurationsInMillisecondsSecondsAndMinutes() {
    DurationConverter converter = new DurationConverter();

    assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> converter.convert("30")).isInstanceOf(CommandLine.TypeConversionException.class);
  }

  @Test
  void parsesHeadersAndRejectsOneWithoutAColon() {
    assertThat(LoadGen.parseHeaders(List.of("Host: a.example", "X-Trace:1")))
        .containsEntry("Host", "a.example").containsEntry("X-Trace", "1");
    assertThatThrownBy(() -> LoadGen.parseHeaders(List.of("Host")))
        .isInstanceOf(CommandLine.TypeConversionException.class);
  }
}
