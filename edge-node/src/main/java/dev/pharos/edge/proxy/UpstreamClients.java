package dev.pharos.edge.proxy;

import dev.pharos.model.UpstreamProtocol;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

import java.util.EnumMap;
import java.util.Map;

/**
 * One HTTP client per {@link UpstreamProtocol}, on one verticle's event loop (pool event-loop size 0), each pooling its
 * connections per target: HTTP/1.1 keep-alive connections up to the per-target limit; HTTP/2 connections that carry
 * many requests each, a new one opened only when every open one is at the stream limit the target announced.
 */
final class UpstreamClients {

  /**
   * The largest piece of a body the HTTP/1.x decoders hand on, what one read from a connection can bring (Netty's
   * receive buffer grows up to 64 KiB): each piece is written and flushed to the other side as it comes, and at
   * Netty's default of 8 KiB a 64 KiB response took 8 sends to the client, and 8 wake-ups of it, where one read from
   * the target had brought it whole.
   */
  static final int MAX_CHUNK_BYTES = 64 * 1024;

  private final BodySilences silences;
  private final Map<UpstreamProtocol, HttpClient> clients = new EnumMap<>(UpstreamProtocol.class);

  UpstreamClients(Vertx vertx, ProxySettings settings) {
    this.silences = new BodySilences(vertx);
    PoolOptions pool = new PoolOptions()
      .setHttp1MaxSize(settings.maxConnectionsPerTarget())
      .setHttp2MaxSize(settings.maxConnectionsPerTarget())
      .setMaxWaitQueueSize(settings.maxPendingPerTarget())
      .setEventLoopSize(0);
    clients.put(UpstreamProtocol.HTTP_1_1, vertx.httpClientBuilder()
      .with(new HttpClientOptions().setKeepAlive(true).setMaxChunkSize(MAX_CHUNK_BYTES))
      .with(pool)
      .withConnectHandler(TargetFraming::install)
      .build());
    clients.put(UpstreamProtocol.H2C, vertx.httpClientBuilder()
      .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false))
      .with(pool)
      .build());
    clients.put(UpstreamProtocol.H2, vertx.httpClientBuilder()
      .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setSsl(true).setUseAlpn(true)
        .setVerifyHost(true))
      .with(pool)
      .build());
  }

  /** The silences of the target bodies streaming on this verticle's event loop. */
  BodySilences silences() {
    return silences;
  }

  HttpClient forProtocol(UpstreamProtocol protocol) {
    return clients.get(protocol);
  }
}
