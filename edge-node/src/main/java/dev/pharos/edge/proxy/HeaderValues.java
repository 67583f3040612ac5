package dev.pharos.edge.proxy;

/** Checks on header values the edge takes from clients or configuration and sends on. */
final class HeaderValues {

  private HeaderValues() {
  }

  /** Whether {@code value} is 1..{@code maxLength} visible ASCII characters (no space, no control character). */
  static boolean isToken(String value, int maxLength) {
    if (value == null || value.isEmpty() || value.length() > maxLength) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
