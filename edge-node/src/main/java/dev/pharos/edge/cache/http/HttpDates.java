package dev.pharos.edge.cache.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must accept.
 * Parsing never throws; an invalid date is null, which callers read as in the past where RFC 9111 says so (§5.3).
 */
public final class HttpDates {

  private static final DateTimeFormatter IMF_FIXDATE =
    DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  // Read without regard to case, as many recipients do; written exactly.
  private static final DateTimeFormatter IMF_FIXDATE_READ = new DateTimeFormatterBuilder().parseCaseInsensitive()
    .appendPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'").toFormatter(Locale.US).withZone(ZoneOffset.UTC);
  // The obsolete forms are read without their day name, which a two-digit year cannot be checked against.
  private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder().parseCaseInsensitive()
    .appendPattern("dd-MMM-yy HH:mm:ss 'GMT'").toFormatter(Locale.US);
  private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
    .appendPattern("MMM ppd HH:mm:ss yyyy").toFormatter(Locale.US);

  private HttpDates() {
  }

  /** The instant, or null when {@code value} is null or not an HTTP-date. */
  public static Instant parse(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    try {
      return IMF_FIXDATE_READ.parse(trimmed, Instant::from);
    } catch (DateTimeParseException e) {
      // try the obsolete forms
    }
    try {
      LocalDateTime time = LocalDateTime.parse(trimmed.substring(trimmed.indexOf(',') + 1).trim(), RFC_850);
      // A two-digit year more than 50 years in the future means the past century (RFC 9110 §5.6.7).
      if (time.getYear() > LocalDateTime.now(ZoneOffset.UTC).getYear() + 50) {
        time = time.minusYears(100);
      }
      return time.toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try asctime
    }
    try {
      int space = trimmed.indexOf(' ');
      return LocalDateTime.parse(trimmed.substring(space + 1), ASCTIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** Milliseconds since the epoch, or {@code orElse} when the value is not an HTTP-date. */
  public static long parseMillis(String value, long orElse) {
    Instant instant = parse(value);
    return instant == null ? orElse : instant.toEpochMilli();
  }

  public static String format(long epochMillis) {
    return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
  }
}
