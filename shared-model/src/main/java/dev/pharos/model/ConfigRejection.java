package dev.pharos.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A well-formed change that the current config does not allow: the resource is missing, another resource depends on
 * it, or the client's precondition ({@code If-Match}) no longer holds.
 */
public final class ConfigRejection extends RuntimeException {

  /** Why a change was refused; each reason maps to one HTTP status. */
  public enum Reason {
    NOT_FOUND(404),
    CONFLICT(409),
    PRECONDITION_FAILED(412);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Reason reason;
  private final List<FieldError> errors;

  public ConfigRejection(Reason reason, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.reason = reason;
    this.errors = List.copyOf(errors);
  }

  public static ConfigRejection of(Reason reason, String detail) {
    return new ConfigRejection(reason, detail, List.of());
  }

  public static ConfigRejection conflict(List<FieldError> errors) {
    return new ConfigRejection(Reason.CONFLICT,
      errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
  }

  public Reason reason() {
    return reason;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
