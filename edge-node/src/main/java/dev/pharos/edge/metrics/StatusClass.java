package dev.pharos.edge.metrics;

/** The {@code status_class} label: {@code 1xx} to {@code 5xx}, and {@code other} for codes outside 100..599. */
enum StatusClass {
  OTHER("other"), INFORMATIONAL("1xx"), SUCCESS("2xx"), REDIRECTION("3xx"), CLIENT_ERROR("4xx"),
  SERVER_ERROR("5xx");

  private static final StatusClass[] BY_HUNDRED = values();

  final String label;

  StatusClass(String label) {
    this.label = label;
  }

  static StatusClass of(int status) {
    int hundred = status / 100;
    return status >= 100 && hundred < BY_HUNDRED.length ? BY_HUNDRED[hundred] : OTHER;
  }
}
