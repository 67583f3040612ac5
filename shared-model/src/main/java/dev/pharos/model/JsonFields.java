package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the fields of one JSON object strictly: wrong types, out-of-range numbers and unknown fields become
 * {@link FieldError}s named by their JSON path, collected rather than thrown so a client sees every problem at once.
 * A method returns {@code null} (or the default) for a field that had an error; callers finish with
 * {@link #rejectUnknown()} and let the owner of the error list decide when to throw.
 */
final class JsonFields {

  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final String ID_RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

  private final JsonObject json;
  private final String path;
  private final List<FieldError> errors;
  private final Set<String> read = new HashSet<>();

  JsonFields(JsonObject json, String path, List<FieldError> errors) {
    this.json = json;
    this.path = path;
    this.errors = errors;
  }

  String path(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  boolean has(String name) {
    return json.getValue(name) != null;
  }

  String string(String name, String defaultValue) {
    read.add(name);
    Object value = json.getValue(name);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof String s)) {
      error(path(name), "expected a string");
      return null;
    }
    return s;
  }

  String requiredString(String name) {
    String value = string(name, null);
    if (value == null && !hasErrorFor(path(name))) {
      error(path(name), "required");
    }
    return value;
  }

  String id(String name) {
    String value = requiredString(name);
    if (value != null && !ID.matcher(value).matches()) {
      error(path(name), "'" + value + "' is not a valid id (expected: " + ID_RULE + ")");
      return null;
    }
    return value;
  }

  Boolean bool(String name, boolean defaultValue) {
    read.add(name);
    Object value = json.getValue(name);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Boolean b)) {
      error(path(name), "expected true or false");
      return null;
    }
    return b;
  }

  Integer integer(String name, int defaultValue, int min, int max) {
    if (json.getValue(name) == null) {
      read.add(name);
      return defaultValue;
    }
    Long v = optionalLong(name, min, max);
    return v == null ? null : v.intValue();
  }

  /** The value, or null when absent; an error when it is not an integer in {@code min..max}. */
  Long optionalLong(String name, long min, long max) {
    read.add(name);
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      error(path(name), "expected an integer");
      return null;
    }
    long v = n.longValue();
    if (v < min || v > max) {
      error(path(name), Ranges.outOfRange(v, min, max));
      return null;
    }
    return v;
  }

  JsonObject object(String name) {
    read.add(name);
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject o)) {
      error(path(name), "expected an object");
      return null;
    }
    return o;
  }

  /** The object field {@code name} read by {@code reader}; null when absent or invalid (errors added). */
  <T> T object(String name, Reader<T> reader) {
    JsonObject value = object(name);
    return value == null ? null : reader.read(value, path(name), errors);
  }

  JsonArray array(String name) {
    read.add(name);
    Object value = json.getValue(name);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray a)) {
      error(path(name), "expected an array");
      return null;
    }
    return a;
  }

  List<String> strings(String name) {
    JsonArray array = array(name);
    if (array == null) {
      return null;
    }
    List<String> result = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (item instanceof String s) {
        result.add(s);
      } else {
        error(path(name) + "[" + i + "]", "expected a string");
      }
    }
    return result;
  }

  /** Marks a field as known without reading it (fields kept only for round trips, such as an exported version). */
  void ignore(String name) {
    read.add(name);
  }

  void rejectUnknown() {
    for (String name : json.fieldNames()) {
      if (!read.contains(name)) {
        error(path(name), "unknown field");
      }
    }
  }

  private boolean hasErrorFor(String field) {
    return errors.stream().anyMatch(e -> e.field().equals(field));
  }

  static JsonFields of(Object value, String path, List<FieldError> errors) {
    if (value instanceof JsonObject o) {
      return new JsonFields(o, path, errors);
    }
    errors.add(new FieldError(path.isEmpty() ? "$" : path, "expected an object"));
    return null;
  }

  /**
   * Reads a whole document with {@code reader}.
   *
   * @throws ValidationException listing every problem found
   */
  static <T> T readDocument(JsonObject json, Reader<T> reader) {
    List<FieldError> errors = new ArrayList<>();
    T value = reader.read(json, "", errors);
    throwIfAny(errors);
    return value;
  }

  static void throwIfAny(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }

  /** Reads a model type from the JSON value at {@code path}, adding what is wrong with it to the errors. */
  @FunctionalInterface
  interface Reader<T> {

    /** @return null when {@code json} is invalid (errors added) */
    T read(Object json, String path, List<FieldError> errors);
  }
}
