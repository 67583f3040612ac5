package dev.pharos.loadtest.gen;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Why a request did not count as a success. */
public enum ErrorKind {
  CONNECT("connect"),
  TIMEOUT("timeout"),
  STATUS_4XX("4xx"),
  STATUS_5XX("5xx"),
  OTHER("other");

  private final String label;

  ErrorKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The error for a response status, or null for 1xx–3xx. */
  static ErrorKind ofStatus(int status) {
    if (status >= 500) {
      return STATUS_5XX;
    }
    return status >= 400 ? STATUS_4XX : null;
  }

  static ErrorKind ofFailure(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return TIMEOUT;
    }
    return failure instanceof ConnectException ? CONNECT : OTHER;
  }
}
