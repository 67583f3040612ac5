package dev.pharos.edge.proxy;

import dev.pharos.edge.cache.http.HttpDates;

/**
 * The current time as an HTTP-date, for responses that arrive without {@code Date} (RFC 9110 §6.6.1: a proxy adds
 * one). Formatted at most once a second, not once per response; any thread may call it, and two threads that format
 * the same second at once write the same text.
 */
final class CurrentDate {

  private record Stamp(long second, String text) {
  }

  private static volatile Stamp current = new Stamp(Long.MIN_VALUE, "");

  private CurrentDate() {
  }

  static String now() {
    long second = System.currentTimeMillis() / 1000;
    Stamp stamp = current;
    if (stamp.second != second) {
      stamp = new Stamp(second, HttpDates.format(second * 1000));
      current = stamp;
    }
    return stamp.text;
  }
}
