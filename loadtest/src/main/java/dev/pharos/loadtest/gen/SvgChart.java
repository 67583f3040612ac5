package dev.pharos.loadtest.gen;

import java.util.List;
import java.util.Locale;

/** A line chart as inline SVG: one or more series over a shared x axis, each scaled to its own maximum. */
final class SvgChart {

  private static final int WIDTH = 720;
  private static final int HEIGHT = 280;
  private static final int MARGIN = 50;

  /** A named polyline; points are (x, y) in data units. */
  record Series(String name, String colour, List<double[]> points) {}

  private final StringBuilder svg = new StringBuilder();
  private final double maxX;
  private final double maxY;

  SvgChart(String title, String xLabel, String yLabel, double maxX, double maxY) {
    this.maxX = maxX > 0 ? maxX : 1;
    this.maxY = maxY > 0 ? maxY : 1;
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
            + " font-size=\"12\">%n", WIDTH, HEIGHT));
    svg.append(text(WIDTH / 2.0, 16, "middle", title));
    svg.append(String.format(Locale.ROOT,
        "<path d=\"M%d %d V%d H%d\" stroke=\"#333\" fill=\"none\"/>%n",
        MARGIN, MARGIN / 2, HEIGHT - MARGIN, WIDTH - MARGIN));
    svg.append(text(WIDTH / 2.0, HEIGHT - 10, "middle", xLabel));
    svg.append(text(MARGIN, MARGIN / 2.0 - 4, "start", yLabel + " (max " + format(maxY) + ")"));
    svg.append(text(WIDTH - MARGIN, HEIGHT - MARGIN + 16, "end", format(maxX)));
  }

  SvgChart add(Series series) {
    StringBuilder points = new StringBuilder();
    for (double[] p : series.points()) {
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p[0]), y(p[1])));
    }
    svg.append(String.format(Locale.ROOT,
        "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"><title>%s</title></polyline>%n",
        series.colour(), points.toString().trim(), Html.escape(series.name())));
    return this;
  }

  /** A vertical dashed line at x with a label, e.g. a command run during the load. */
  SvgChart mark(double atX, String label) {
    svg.append(String.format(Locale.ROOT,
        "<line x1=\"%1$.1f\" x2=\"%1$.1f\" y1=\"%2$d\" y2=\"%3$d\" stroke=\"#888\" stroke-dasharray=\"4\"/>%n",
        x(atX), MARGIN / 2, HEIGHT - MARGIN));
    svg.append(text(x(atX) + 3, MARGIN, "start", label));
    return this;
  }

  String render() {
    return svg + "</svg>\n";
  }

  private double x(double value) {
    return MARGIN + value / maxX * (WIDTH - 2 * MARGIN);
  }

  private double y(double value) {
    return HEIGHT - MARGIN - value / maxY * (HEIGHT - 1.5 * MARGIN);
  }

  private static String text(double x, double y, String anchor, String content) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
        x, y, anchor, Html.escape(content));
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
