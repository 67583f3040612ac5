package dev.pharos.model;

/**
 * A client's condition on the current state of the resource it writes (RFC 9110 §13.1).
 *
 * @param ifMatch     value of {@code If-Match}, or null: the write goes ahead only if the resource exists and its
 *                    tag is listed ({@code *} lists every tag)
 * @param ifNoneMatch value of {@code If-None-Match}, or null: only {@code *} is meaningful for writes, and means
 *                    "only if the resource does not exist yet"
 */
public record Precondition(String ifMatch, String ifNoneMatch) {

  public static final Precondition NONE = new Precondition(null, null);

  public static Precondition ifMatch(String etag) {
    return new Precondition(etag, null);
  }

  /**
   * @param currentTag the resource's tag now, or null if it does not exist
   * @throws ConfigRejection with {@link ConfigRejection.Reason#PRECONDITION_FAILED} when the condition is false
   */
  public void check(String resource, String currentTag) {
    if (ifMatch != null && !ETags.ifMatch(ifMatch, currentTag)) {
      throw ConfigRejection.of(ConfigRejection.Reason.PRECONDITION_FAILED, currentTag == null
        ? resource + " does not exist, so If-Match " + ifMatch + " cannot match"
        : resource + " has changed: its tag is " + currentTag + ", not " + ifMatch);
    }
    if (ifNoneMatch != null && currentTag != null && ETags.ifMatch(ifNoneMatch, currentTag)) {
      throw ConfigRejection.of(ConfigRejection.Reason.PRECONDITION_FAILED,
        resource + " already exists (If-None-Match " + ifNoneMatch + ")");
    }
  }
}
