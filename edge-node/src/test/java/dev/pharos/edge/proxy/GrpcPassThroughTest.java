package dev.pharos.edge.proxy;

import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import dev.pharos.model.UpstreamProtocol;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gRPC through the edge over HTTP/2 end to end (h2c from the client, h2c to the target): messages both ways and the
 * status the target sends in its trailers.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class GrpcPassThroughTest {

  private static final ServiceName SERVICE = ServiceName.create("pharos.test", "Echo");

  private Vertx vertx;
  private TestEdge edge;
  private GrpcClient client;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    Target target = startGrpcTarget();
    edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true));
    edge.routes(List.of(Route.of("grpc", null, "/", "grpc")),
      List.of(Upstream.of("grpc", target).withProtocol(UpstreamProtocol.H2C)));
    client = GrpcClient.client(vertx, new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(false));
  }

  @Test
  void aUnaryCallReturnsItsAnswerAndOkStatus() throws Exception {
    Call call = call("Say", "pharos");

    assertThat(call.messages).containsExactly("hello pharos");
    assertThat(call.status).isEqualTo(GrpcStatus.OK);
    assertThat(call.trailers).containsEntry("grpc-status", "0");
  }

  @Test
  void aServerStreamArrivesWholeWithItsErrorStatusMessageAndTrailers() throws Exception {
    Call call = call("Count", "3");

    assertThat(call.messages).containsExactly("1", "2", "3");
    assertThat(call.trailers).containsEntry("grpc-status", "8").containsEntry("x-count", "3")
      .containsEntry("grpc-message", "counted%20to%203");
    assertThat(call.status).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
  }

  private record Call(List<String> messages, GrpcStatus status, Map<String, String> trailers) {
  }

  private Call call(String method, String message) throws java.util.concurrent.TimeoutException {
    ServiceMethod<Buffer, Buffer> serviceMethod = ServiceMethod.client(SERVICE, method, GrpcMessageEncoder.IDENTITY,
      GrpcMessageDecoder.IDENTITY);
    return client.request(SocketAddress.inetSocketAddress(edge.port(), "127.0.0.1"), serviceMethod)
      .compose(request -> {
        request.end(Buffer.buffer(message));
        return request.response();
      })
      .compose(this::collect)
      .await(20, TimeUnit.SECONDS);
  }

  private Future<Call> collect(GrpcClientResponse<Buffer, Buffer> response) {
    Promise<Call> done = Promise.promise();
    List<String> messages = new ArrayList<>();
    response.handler(buffer -> messages.add(buffer.toString()));
    response.exceptionHandler(done::tryFail);
    response.endHandler(v -> {
      Map<String, String> trailers = new HashMap<>();
      response.trailers().forEach(t -> trailers.put(t.getKey().toLowerCase(), t.getValue()));
      done.tryComplete(new Call(messages, response.status(), trailers));
    });
    return done.future();
  }

  /** A gRPC server over h2c: Say answers "hello NAME"; Count streams 1..N then ends with RESOURCE_EXHAUSTED. */
  private Target startGrpcTarget() {
    GrpcServer grpc = GrpcServer.server(vertx);
    grpc.callHandler(ServiceMethod.server(SERVICE, "Say", GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY),
      request -> request.handler(name -> request.response().end(Buffer.buffer("hello " + name))));
    grpc.callHandler(ServiceMethod.server(SERVICE, "Count", GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY),
      request -> request.handler(count -> {
        int n = Integer.parseInt(count.toString());
        var response = request.response();
        response.trailers().set("x-count", Integer.toString(n));
        for (int i = 1; i <= n; i++) {
          response.write(Buffer.buffer(Integer.toString(i)));
        }
        response.status(GrpcStatus.RESOURCE_EXHAUSTED).statusMessage("counted to " + n).end();
      }));
    var server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(grpc);
    server.listen().await();
    return Target.of("127.0.0.1", server.actualPort());
  }
}
