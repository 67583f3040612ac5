package dev.pharos.admin;

import dev.pharos.model.ValidationException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;

import java.util.Locale;

/**
 * Admits the body of a write: refuses a content type other than JSON (415) and a body over the limit (413), then
 * buffers the body for the next handler, which reads it with {@link #object(RoutingContext)}.
 *
 * <p>It must run before any asynchronous step of the request: the body is not paused, so bytes that arrive before
 * {@link BodyHandler} installs its handler would be lost.
 */
final class JsonBodyHandler implements Handler<RoutingContext> {

  private final BodyHandler body;

  JsonBodyHandler(long maxBodyBytes) {
    this.body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (!isJson(contentType)) {
      ctx.fail(new HttpException(415, "Content-Type: " + contentType
        + " (expected: application/json or another JSON media type)"));
      return;
    }
    body.handle(ctx);
  }

  /**
   * The buffered body as a JSON object.
   *
   * @throws ValidationException naming field {@code $} if the body is empty, not JSON, or JSON but not an object
   */
  static JsonObject object(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw ValidationException.of("$", "empty body (expected: a JSON object)");
    }
    Object value;
    try {
      value = Json.decodeValue(buffer);
    } catch (DecodeException e) {
      throw ValidationException.of("$", "not valid JSON: " + firstLine(e.getMessage()));
    }
    if (!(value instanceof JsonObject object)) {
      throw ValidationException.of("$", "expected a JSON object");
    }
    return object;
  }

  /** {@code application/json} or a structured {@code +json} type such as {@code application/merge-patch+json}. */
  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
      .trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.startsWith("application/") && mediaType.endsWith("+json");
  }

  // Jackson's message goes on with the parser's internals on later lines; the first says what is wrong and where.
  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
