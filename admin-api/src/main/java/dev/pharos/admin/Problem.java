package dev.pharos.admin;

import dev.pharos.model.FieldError;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An {@code application/problem+json} body (RFC 9457).
 *
 * @param errors     the fields at fault, empty when the problem is not about particular fields
 * @param extensions further members, such as {@code lagging} on a 504
 */
record Problem(String type, String title, int status, String detail, List<FieldError> errors, JsonObject extensions) {

  static final String CONTENT_TYPE = "application/problem+json";

  Problem {
    errors = List.copyOf(errors);
    extensions = extensions.copy();
  }

  static Problem of(ProblemType type, String detail) {
    return of(type, detail, List.of());
  }

  static Problem of(ProblemType type, String detail, List<FieldError> errors) {
    return new Problem(type.uri(), type.title(), type.status(), detail, errors, new JsonObject());
  }

  /** A problem known only by its status. */
  static Problem ofStatus(int status, String detail) {
    ProblemType type = ProblemType.ofStatus(status);
    if (type != null) {
      return of(type, detail);
    }
    return new Problem("about:blank", HttpResponseStatus.valueOf(status).reasonPhrase(), status, detail, List.of(),
      new JsonObject());
  }

  Problem with(String member, Object value) {
    return new Problem(type, title, status, detail, errors, extensions.copy().put(member, value));
  }

  JsonObject toJson() {
    JsonArray errorsJson = new JsonArray();
    errors.forEach(e -> errorsJson.add(e.toJson()));
    return new JsonObject()
      .put("type", type)
      .put("title", title)
      .put("status", status)
      .put("detail", detail)
      .put("errors", errorsJson)
      .mergeIn(extensions);
  }
}
