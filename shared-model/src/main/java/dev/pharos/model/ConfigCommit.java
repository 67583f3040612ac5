package dev.pharos.model;

/**
 * The outcome of a committed change.
 *
 * @param snapshot the table after the change, at its new version
 * @param created  whether the change created the resource it wrote (a {@code PUT} then answers 201, not 200)
 */
public record ConfigCommit(ConfigChange change, ConfigSnapshot snapshot, boolean created) {

  public long version() {
    return snapshot.version();
  }
}
