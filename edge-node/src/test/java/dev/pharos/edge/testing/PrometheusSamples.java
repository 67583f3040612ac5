package dev.pharos.edge.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text-format scrape, read back for assertions. */
public final class PrometheusSamples {

  /** One line: a series and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {
  }

  private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  private final List<Sample> samples = new ArrayList<>();

  public PrometheusSamples(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher label = LABEL.matcher(m.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
  }

  /** Every series of the metric {@code name}. */
  public List<Sample> series(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The value of the series of {@code name} with exactly these labels, or 0 when it does not exist yet. */
  public double value(String name, Map<String, String> labels) {
    return series(name).stream().filter(s -> s.labels().equals(labels)).mapToDouble(Sample::value).findFirst()
      .orElse(0);
  }

  /** The value of the one series of {@code name} whose labels include these. */
  public double valueWith(String name, Map<String, String> labels) {
    List<Sample> matching = series(name).stream()
      .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
    if (matching.size() != 1) {
      throw new AssertionError(matching.size() + " series of " + name + " with " + labels + " (expected: 1)");
    }
    return matching.get(0).value();
  }
}
