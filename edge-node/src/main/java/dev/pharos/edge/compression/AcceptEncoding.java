package dev.pharos.edge.compression;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Chooses the coding for a response from the request's {@code Accept-Encoding} (RFC 9110 §12.5.3): the offered coding
 * with the highest q-value, ties going to the edge's order of preference. {@code q=0} refuses a coding; {@code *}
 * stands for every coding the field does not name; {@code x-gzip} is {@code gzip}. No field, an empty one, or a
 * malformed q-value means no compression: the identity is always acceptable, so nothing is lost by not guessing.
 */
final class AcceptEncoding {

  private static final double UNNAMED = -1;
  private static final Pattern Q_VALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

  private AcceptEncoding() {
  }

  /**
   * @param offered the codings the edge may use, most preferred first
   * @return the coding to apply, or null to send the body as it is
   */
  static ContentCoding choose(String header, List<ContentCoding> offered) {
    if (header == null || header.isBlank()) {
      return null;
    }
    double[] weights = new double[ContentCoding.values().length];
    Arrays.fill(weights, UNNAMED);
    double wildcard = UNNAMED;
    for (String element : header.split(",")) {
      String[] parts = element.split(";");
      String coding = parts[0].trim().toLowerCase(Locale.ROOT);
      if (coding.isEmpty()) {
        continue;
      }
      double q = qValue(parts);
      if (Double.isNaN(q)) {
        return null;
      }
      if (coding.equals("*")) {
        wildcard = q;
      } else if (coding.equals("x-gzip")) {
        weights[ContentCoding.GZIP.ordinal()] = Math.max(weights[ContentCoding.GZIP.ordinal()], q);
      } else {
        for (ContentCoding c : ContentCoding.values()) {
          if (c.token().equals(coding)) {
            weights[c.ordinal()] = Math.max(weights[c.ordinal()], q);
          }
        }
      }
    }
    ContentCoding best = null;
    double bestWeight = 0;
    for (ContentCoding coding : offered) {
      double weight = weights[coding.ordinal()] == UNNAMED ? wildcard : weights[coding.ordinal()];
      if (weight > bestWeight) {
        best = coding;
        bestWeight = weight;
      }
    }
    return best;
  }

  /** The element's q-value: 1 when absent, NaN when malformed (RFC 9110 §12.4.2: 0 to 1, three decimals at most). */
  private static double qValue(String[] parts) {
    double q = 1;
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int equals = parameter.indexOf('=');
      if (equals < 0 || !parameter.substring(0, equals).trim().equalsIgnoreCase("q")) {
        continue;
      }
      String value = parameter.substring(equals + 1).trim();
      if (!Q_VALUE.matcher(value).matches()) {
        return Double.NaN;
      }
      q = Double.parseDouble(value);
    }
    return q;
  }
}
