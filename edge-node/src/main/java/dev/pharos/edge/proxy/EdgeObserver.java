package dev.pharos.edge.proxy;

/**
 * Told about the edge's connections and how each request ended, for metrics and the access log. Called on the
 * connection's event loop: implementations must not block.
 */
public interface EdgeObserver {

  /** Observes nothing. */
  EdgeObserver NONE = request -> {
  };

  /** Called once per request, when its response has ended or its connection closed first. */
  void requestEnded(FinishedRequest request);

  default void connectionOpened() {
  }

  default void connectionClosed() {
  }

  /** An observer that tells {@code first}, then {@code second}. */
  static EdgeObserver both(EdgeObserver first, EdgeObserver second) {
    return new EdgeObserver() {
      @Override
      public void requestEnded(FinishedRequest request) {
        first.requestEnded(request);
        second.requestEnded(request);
      }

      @Override
      public void connectionOpened() {
        first.connectionOpened();
        second.connectionOpened();
      }

      @Override
      public void connectionClosed() {
        first.connectionClosed();
        second.connectionClosed();
      }
    };
  }
}
