package dev.pharos.admin;

/**
 * The kinds of problem the admin API reports, each with a stable {@code type} URI that clients may switch on
 * (RFC 9457 §3.1.1). A status with no kind here is reported as {@code about:blank}.
 */
enum ProblemType {
  INVALID_REQUEST(400, "invalid-request", "Invalid request"),
  UNAUTHORIZED(401, "unauthorized", "Missing or wrong bearer token"),
  NOT_FOUND(404, "not-found", "Not found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  CONFLICT(409, "conflict", "Conflicts with the current config"),
  PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed"),
  BODY_TOO_LARGE(413, "body-too-large", "Request body too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  INTERNAL_ERROR(500, "internal-error", "Internal error"),
  STORE_UNAVAILABLE(503, "store-unavailable", "Config store unavailable"),
  NOT_APPLIED_IN_TIME(504, "not-applied-in-time", "Committed, but not applied by every member in time");

  private static final String BASE_URI = "https://pharos.dev/problems/";

  private final int status;
  private final String uri;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.uri = BASE_URI + slug;
    this.title = title;
  }

  int status() {
    return status;
  }

  String uri() {
    return uri;
  }

  String title() {
    return title;
  }

  /** The kind for a bare status, as set by vertx-web's own handlers ({@code BodyHandler} fails with 413). */
  static ProblemType ofStatus(int status) {
    for (ProblemType type : values()) {
      if (type.status == status) {
        return type;
      }
    }
    return null;
  }
}
