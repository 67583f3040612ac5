package dev.pharos.edge.upstream;

/** Reads one cookie from a {@code Cookie} header (RFC 6265 §4.2.1) without parsing the others. */
public final class Cookies {

  private Cookies() {
  }

  /**
   * @param header a {@code Cookie} header value, {@code a=1; b=2}; null gives null
   * @return the value of the first cookie named {@code name} (double quotes kept), or null when there is none
   */
  public static String value(String header, String name) {
    if (header == null) {
      return null;
    }
    int start = 0;
    int length = header.length();
    while (start < length) {
      while (start < length && (header.charAt(start) == ' ' || header.charAt(start) == '\t')) {
        start++;
      }
      int end = header.indexOf(';', start);
      if (end < 0) {
        end = length;
      }
      int nameEnd = start + name.length();
      if (nameEnd < end && header.charAt(nameEnd) == '=' && header.regionMatches(start, name, 0, name.length())) {
        return header.substring(nameEnd + 1, end).strip();
      }
      start = end + 1;
    }
    return null;
  }
}
