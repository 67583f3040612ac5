package dev.pharos.model;

/** The {@code token} rule of RFC 9110 §5.6.2, which header field names and cookie names follow. */
final class HttpTokens {

  static final String RULE = "letters, digits and !#$%&'*+-.^_`|~";

  private static final String SYMBOLS = "!#$%&'*+-.^_`|~";

  private HttpTokens() {
  }

  static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alphaNum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphaNum && SYMBOLS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
