package dev.pharos.loadtest.floor;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The least an HTTP/1.1 reverse proxy on Netty alone does: {@link FloorProxy} without Vert.x. Each request goes to one
 * origin over a keep-alive connection from its event loop's pool, with its headers (less hop-by-hop ones) and
 * {@code X-Forwarded-For}; the origin's answer is passed on message by message, flushed when its last piece is written
 * or a read ends. What this does per second on a core is the ceiling of any proxy on the JVM with Netty's HTTP codec
 * there; the gap to {@code FloorProxy} is Vert.x's own.
 *
 * <p>Usage: {@code java -cp pharos-load.jar dev.pharos.loadtest.floor.NettyFloorProxy LISTEN_PORT ORIGIN_PORT} (both
 * on 127.0.0.1); two event loops per core, native epoll when it loads.
 */
public final class NettyFloorProxy implements AutoCloseable {

  private static final int MAX_CHUNK_BYTES = 64 * 1024;
  private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
    HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
    HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE);
  private static final CharSequence X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");

  // Idle origin connections, one pool per event loop, touched only on that loop.
  private final FastThreadLocal<ArrayDeque<Channel>> idle = new FastThreadLocal<>() {
    @Override
    protected ArrayDeque<Channel> initialValue() {
      return new ArrayDeque<>();
    }
  };
  private final boolean epoll = Epoll.isAvailable();
  private final InetSocketAddress origin;
  private final EventLoopGroup loops;

  private NettyFloorProxy(int originPort, int loopCount) {
    this.origin = new InetSocketAddress("127.0.0.1", originPort);
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.loops = new MultiThreadIoEventLoopGroup(loopCount, io);
  }

  /** Listens on 127.0.0.1:{@code listenPort}, two event loops per core; returns once bound. */
  public static NettyFloorProxy start(int listenPort, int originPort) throws InterruptedException {
    NettyFloorProxy proxy = new NettyFloorProxy(originPort, 2 * Runtime.getRuntime().availableProcessors());
    Class<? extends ServerChannel> channel = proxy.epoll ? EpollServerSocketChannel.class
      : NioServerSocketChannel.class;
    new ServerBootstrap().group(proxy.loops).channel(channel)
      .childOption(ChannelOption.TCP_NODELAY, true)
      .childHandler(new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel client) {
          client.pipeline().addLast(new HttpServerCodec(new HttpDecoderConfig().setMaxChunkSize(MAX_CHUNK_BYTES)),
            proxy.new Front());
        }
      })
      .bind("127.0.0.1", listenPort).sync();
    return proxy;
  }

  @Override
  public void close() {
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static void stripHopByHop(HttpHeaders headers) {
    for (CharSequence name : HOP_BY_HOP) {
      headers.remove(name);
    }
  }

  private ChannelFuture connect(EventLoop loop) {
    return new Bootstrap().group(loop).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
      .option(ChannelOption.TCP_NODELAY, true)
      .handler(new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel channel) {
          channel.pipeline().addLast(new HttpClientCodec(new HttpDecoderConfig().setMaxChunkSize(MAX_CHUNK_BYTES),
            HttpClientCodec.DEFAULT_FAIL_ON_MISSING_RESPONSE,
            HttpClientCodec.DEFAULT_PARSE_HTTP_AFTER_CONNECT_REQUEST), new Back());
        }
      })
      .connect(origin);
  }

  /**
   * A client connection: its requests, each on an origin connection of its own loop. The client waits for each answer
   * before it sends the next request, as the bench's generators do; pipelined requests are not supported.
   */
  private final class Front extends ChannelInboundHandlerAdapter {

    private Channel client;
    private Channel toOrigin;
    // The request's pieces while its origin connection is being opened; null otherwise.
    private ArrayDeque<Object> waiting;
    private boolean keepAlive;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      client = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      if (message instanceof HttpRequest request) {
        keepAlive = HttpUtil.isKeepAlive(request);
        stripHopByHop(request.headers());
        request.headers().add(X_FORWARDED_FOR,
          ((InetSocketAddress) client.remoteAddress()).getAddress().getHostAddress());
        Channel pooled = idle.get().pollFirst();
        if (pooled != null) {
          attach(pooled);
        } else {
          waiting = new ArrayDeque<>();
          connect(client.eventLoop()).addListener((ChannelFutureListener) this::connected);
        }
      }
      if (waiting != null) {
        waiting.add(message);
      } else if (toOrigin == null) {
        // The rest of a body the origin answered before reading it all.
        ReferenceCountUtil.release(message);
      } else if (message instanceof LastHttpContent) {
        toOrigin.writeAndFlush(message);
      } else {
        toOrigin.write(message);
      }
    }

    private void connected(ChannelFuture connect) {
      ArrayDeque<Object> pieces = waiting;
      waiting = null;
      if (!connect.isSuccess()) {
        pieces.forEach(ReferenceCountUtil::release);
        DefaultFullHttpResponse badGateway =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY);
        HttpUtil.setContentLength(badGateway, 0);
        answered(badGateway);
        return;
      }
      attach(connect.channel());
      pieces.forEach(toOrigin::write);
      toOrigin.flush();
    }

    private void attach(Channel channel) {
      toOrigin = channel;
      channel.pipeline().get(Back.class).front = this;
    }

    /** The origin's response has been passed on whole: its connection goes back to the pool, unless it closes. */
    private void answered(LastHttpContent last, boolean originKeepsAlive) {
      Channel channel = toOrigin;
      toOrigin = null;
      if (originKeepsAlive) {
        idle.get().addLast(channel);
      } else {
        channel.close();
      }
      answered(last);
    }

    private void answered(Object last) {
      ChannelFuture written = client.writeAndFlush(last);
      if (!keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (toOrigin != null) {
        toOrigin.flush();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (toOrigin != null) {
        toOrigin.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable failure) {
      ctx.close();
    }
  }

  /** An origin connection: passes the response of the request it carries to that request's client. */
  private final class Back extends ChannelInboundHandlerAdapter {

    private Front front;
    private boolean keepAlive;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      Front receiver = front;
      if (receiver == null) {
        ReferenceCountUtil.release(message);
        return;
      }
      if (message instanceof HttpResponse response) {
        keepAlive = HttpUtil.isKeepAlive(response);
        stripHopByHop(response.headers());
        if (!receiver.keepAlive) {
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
      }
      if (message instanceof LastHttpContent last) {
        front = null;
        receiver.answered(last, keepAlive);
      } else {
        receiver.client.write(message);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (front != null) {
        front.client.flush();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      idle.get().remove(ctx.channel());
      if (front != null) {
        front.client.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable failure) {
      ctx.close();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: NettyFloorProxy LISTEN_PORT ORIGIN_PORT");
      System.exit(2);
    }
    start(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
    System.out.println("netty floor proxy on 127.0.0.1:" + args[0] + " -> 127.0.0.1:" + args[1]);
  }
}
