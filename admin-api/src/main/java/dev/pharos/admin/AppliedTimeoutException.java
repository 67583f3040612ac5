package dev.pharos.admin;

import java.util.List;

/** Some live members had not applied a config version when the wait ended. */
public final class AppliedTimeoutException extends RuntimeException {

  private final long version;
  private final List<String> lagging;

  public AppliedTimeoutException(long version, List<String> lagging) {
    super("version " + version + " not applied by " + String.join(", ", lagging), null, false, false);
    this.version = version;
    this.lagging = List.copyOf(lagging);
  }

  public long version() {
    return version;
  }

  /** Node names of the members that had not applied the version. */
  public List<String> lagging() {
    return lagging;
  }
}
