package dev.pharos.edge.health;

/**
 * What one probe found.
 *
 * @param success     whether the status was in the expected range, in time
 * @param description the status, or what went wrong: {@code timeout after 300 ms}, {@code Connection refused}
 */
record ProbeResult(boolean success, String description) {
}
