package dev.pharos.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A document that cannot be accepted as it is. Carries every problem found, not only the first, so a client can fix
 * them all in one round trip.
 */
public final class ValidationException extends RuntimeException {

  private final List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), null, false, false);
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a validation failure needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public static ValidationException of(String field, String message) {
    return new ValidationException(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
