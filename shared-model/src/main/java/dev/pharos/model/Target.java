package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One backend server of an upstream.
 *
 * @param host   DNS name or IP address, stored in lower case
 * @param port   1..65535
 * @param weight share of traffic relative to the other targets, 0..1000; 0 takes the target out of rotation
 */
public record Target(String host, int port, int weight) {

  public static final int DEFAULT_WEIGHT = 1;
  public static final int MAX_WEIGHT = 1000;

  public Target {
    List<FieldError> errors = new ArrayList<>();
    validate(host, port, weight, "", errors);
    JsonFields.throwIfAny(errors);
  }

  public static Target of(String host, int port) {
    return new Target(host, port, DEFAULT_WEIGHT);
  }

  /** The {@code host:port} form, with brackets kept for IPv6 literals. */
  public String address() {
    return host + ":" + port;
  }

  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("weight", weight);
  }

  static Target fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    int before = errors.size();
    String host = f.requiredString("host");
    Integer port = f.integer("port", 0, 1, 65535);
    if (!f.has("port") && port != null) {
      f.error(f.path("port"), "required");
    }
    Integer weight = f.integer("weight", DEFAULT_WEIGHT, 0, MAX_WEIGHT);
    f.rejectUnknown();
    if (host != null) {
      host = host.toLowerCase(Locale.ROOT);
      if (!HostNames.isValid(host)) {
        f.error(f.path("host"), "'" + host + "' is not a host name or IP address");
      }
    }
    return errors.size() == before ? new Target(host, port, weight) : null;
  }

  private static void validate(String host, int port, int weight, String path, List<FieldError> errors) {
    if (host == null || !HostNames.isValid(host)) {
      errors.add(new FieldError(path + "host", "'" + host + "' is not a host name or IP address"));
    }
    Ranges.checkInRange(path + "port", port, 1, 65535, errors);
    Ranges.checkInRange(path + "weight", weight, 0, MAX_WEIGHT, errors);
  }
}
