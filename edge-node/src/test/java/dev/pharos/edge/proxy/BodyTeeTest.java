package dev.pharos.edge.proxy;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the client receives of a body being stored, and when: a client that has its whole answer must find it stored.
 */
class BodyTeeTest {

  private final ChunkSource source = new ChunkSource();
  private final List<String> passedOn = new ArrayList<>();
  private final AtomicReference<Buffer> stored = new AtomicReference<>();
  private final Promise<Void> storing = Promise.promise();
  private boolean abandoned;

  private BodyTee tee(long declaredLength, long limit) {
    BodyTee tee = new BodyTee(source, declaredLength, limit, whole -> {
      stored.set(whole);
      return storing.future();
    }, () -> abandoned = true);
    tee.handler(chunk -> passedOn.add(chunk.toString()));
    tee.endHandler(end -> passedOn.add("<end>"));
    return tee;
  }

  @Test
  void theChunkThatCompletesADeclaredLengthWaitsForTheStore() {
    tee(10, 100);

    source.emit("hello").emit("world");
    assertThat(passedOn).containsExactly("hello");

    source.end();
    assertThat(stored.get().toString()).isEqualTo("helloworld");
    assertThat(passedOn).containsExactly("hello");

    storing.complete();
    assertThat(passedOn).containsExactly("hello", "world", "<end>");
  }

  @Test
  void aBodyOfNoDeclaredLengthStreamsAndOnlyItsEndWaits() {
    tee(-1, 100);

    source.emit("hello").emit("world").end();
    assertThat(passedOn).containsExactly("hello", "world");

    storing.fail("the store failed");
    assertThat(passedOn).containsExactly("hello", "world", "<end>");
  }

  @Test
  void aBodyOverTheLimitStreamsUncachedWithoutWaiting() {
    tee(10, 6);

    source.emit("hello").emit("world").end();

    assertThat(abandoned).isTrue();
    assertThat(stored.get()).isNull();
    assertThat(passedOn).containsExactly("hello", "world", "<end>");
  }

  @Test
  void aConsumerMayClearItsHandlersOnceTheBodyEnded() {
    BodyTee tee = tee(10, 100);
    source.emit("helloworld").end();
    storing.complete();

    // What a pipe does once the body ended.
    tee.exceptionHandler(null);
    tee.endHandler(null);

    assertThat(passedOn).containsExactly("helloworld", "<end>");
  }

  /**
   * A body whose chunks and end the test emits, on the test's thread. Like a Vert.x response, once ended it refuses
   * any handler but null.
   */
  private static final class ChunkSource implements ReadStream<Buffer> {

    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private boolean ended;

    ChunkSource emit(String chunk) {
      handler.handle(Buffer.buffer(chunk));
      return this;
    }

    void end() {
      ended = true;
      endHandler.handle(null);
    }

    private void refuseOnceEnded(Object handler) {
      if (ended && handler != null) {
        throw new IllegalStateException("the body has ended");
      }
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      refuseOnceEnded(handler);
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      refuseOnceEnded(handler);
      this.handler = handler;
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
      refuseOnceEnded(endHandler);
      this.endHandler = endHandler;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return this;
    }
  }
}
