package dev.pharos.model;

import java.util.List;

/**
 * The rule every bounded number of the model follows, and the one message a client sees when a number breaks it:
 * {@code "0 (expected: 1..65535)"}, under the field's name.
 */
final class Ranges {

  private Ranges() {
  }

  /** @throws ValidationException naming {@code field} when {@code value} is outside {@code min..max} */
  static void requireInRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw ValidationException.of(field, outOfRange(value, min, max));
    }
  }

  /** Adds an error naming {@code field} to {@code errors} when {@code value} is outside {@code min..max}. */
  static void checkInRange(String field, long value, long min, long max, List<FieldError> errors) {
    if (value < min || value > max) {
      errors.add(new FieldError(field, outOfRange(value, min, max)));
    }
  }

  static String outOfRange(long value, long min, long max) {
    return value + " (expected: " + min + ".." + max + ")";
  }
}
