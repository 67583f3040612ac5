package dev.pharos.admin;

/**
 * The store cannot accept writes now, most often because this member is in a minority partition (split-brain
 * protection). Reads and proxying go on; the admin API answers 503.
 */
public final class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
