package com.polardbx.transaction.tso;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.transaction.tso.TsoProtocol.Response;
import com.polardbx.transaction.tso.gate.CommitGate.Mode;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection from a CN to the TSO leader. Thread-safe.
 *
 * <p>Timestamps are batched: at most one timestamp request is in flight; callers arriving meanwhile queue up and the
 * next request asks for as many timestamps as there are queued callers (up to {@link Tso#MAX_RANGE}), which get the
 * returned consecutive range in arrival order. Every caller of a batch was already waiting when its request was sent,
 * so each timestamp was made after its {@link #next} began: batching never hands out a timestamp older than the call.
 * When the connection closes, every waiting call fails with {@link TsoUnavailableException}.
 */
final class TsoClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TsoClient.class);

    private final String address;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Void>> enters = new ConcurrentHashMap<>();
    private final Map<Long, Mode> abandonedEnters = new ConcurrentHashMap<>();
    private final RemoteCommitGate gate;
    private volatile Channel channel;
    // guarded by this
    private final ArrayDeque<CompletableFuture<Long>> queued = new ArrayDeque<>();
    private List<CompletableFuture<Long>> inFlight;
    private TsoUnavailableException closedBecause;

    private TsoClient(String address, long gateTimeoutMs) {
        this.address = address;
        this.gate = new RemoteCommitGate(this, gateTimeoutMs);
    }

    /** Connects to {@code host:port}; throws {@link TsoUnavailableException} when that fails within the timeout. */
    static TsoClient connect(EventLoopGroup group, String address, long connectTimeoutMs, long gateTimeoutMs) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new TsoUnavailableException("bad TSO address '" + address + "'");
        }
        TsoClient client = new TsoClient(address, gateTimeoutMs);
        Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeoutMs))
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    TsoProtocol.addFraming(ch.pipeline());
                    ch.pipeline().addLast(client.new ResponseHandler());
                }
            });
        ChannelFuture connected;
        try {
            connected = bootstrap.connect(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new TsoUnavailableException("cannot connect to the TSO leader at " + address + ": " + e, e);
        }
        if (!connected.awaitUninterruptibly(connectTimeoutMs + 100) || !connected.isSuccess()) {
            connected.channel().close();
            Throwable cause = connected.cause();
            throw new TsoUnavailableException("cannot connect to the TSO leader at " + address + ": "
                + (cause == null ? "timed out" : cause.getMessage()), cause);
        }
        client.channel = connected.channel();
        return client;
    }

    /** Dispatches the leader's answers; fails everything waiting when the connection closes. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            onResponse(TsoProtocol.readResponse(msg));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            onClosed();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("TSO connection to {} failed: {}", address, cause.toString());
            ctx.close();
        }
    }

    String address() {
        return address;
    }

    boolean isOpen() {
        synchronized (this) {
            if (closedBecause != null) {
                return false;
            }
        }
        return channel.isActive();
    }

    /** The commit gate of the leader, reached over this connection. */
    RemoteCommitGate gate() {
        return gate;
    }

    /** A timestamp from the leader, batched with concurrent callers; waits at most {@code timeoutNanos}. */
    long next(long timeoutNanos) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        synchronized (this) {
            if (closedBecause != null) {
                throw closedBecause;
            }
            queued.add(result);
            if (inFlight == null) {
                sendBatch();
            }
        }
        try {
            return result.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (TimeoutException e) {
            throw new TsoUnavailableException("no timestamp from the TSO leader at " + address + " in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED);
        }
    }

    /** Waits up to {@code timeoutMs} for a gate hold; on timeout gives the enter up and throws 1205. */
    void enter(Mode mode, long timeoutMs) {
        long id = ids.incrementAndGet();
        CompletableFuture<Void> admitted = new CompletableFuture<>();
        enters.put(id, admitted);
        synchronized (this) {
            // onClosed() sets closedBecause under this lock before it fails the registered enters
            if (closedBecause != null) {
                enters.remove(id);
                throw new SqlError(closedBecause, ErrorCode.ER_INTERNAL, "commit gate: " + closedBecause.getMessage());
            }
        }
        channel.writeAndFlush(TsoProtocol.request(channel.alloc(), TsoProtocol.enterOp(mode), id, 0))
            .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        try {
            admitted.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            RuntimeException failure = rethrow(e.getCause());
            throw failure instanceof SqlError sql ? sql
                : new SqlError(failure, ErrorCode.ER_INTERNAL, "commit gate: " + failure.getMessage());
        } catch (TimeoutException | InterruptedException e) {
            giveUp(id, mode);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED);
            }
            throw new SqlError(ErrorCode.ER_LOCK_WAIT_TIMEOUT);
        }
    }

    /** Releases one hold; a no-op when the connection is gone (the leader released it then). */
    void exit(Mode mode) {
        if (!channel.isActive()) {
            log.debug("exit of {} after the connection to {} closed: already released by the leader", mode, address);
            return;
        }
        channel.writeAndFlush(TsoProtocol.request(channel.alloc(), TsoProtocol.exitOp(mode), 0, 0))
            .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    @Override
    public void close() {
        channel.close();
    }

    /** Called with the lock held and no batch in flight. */
    private void sendBatch() {
        int count = Math.min(queued.size(), Tso.MAX_RANGE);
        List<CompletableFuture<Long>> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(queued.poll());
        }
        inFlight = batch;
        channel.writeAndFlush(TsoProtocol.request(channel.alloc(), TsoProtocol.OP_TIMESTAMPS, ids.incrementAndGet(),
            count)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private void giveUp(long id, Mode mode) {
        if (enters.remove(id) == null) {
            return;
        }
        abandonedEnters.put(id, mode);
        if (channel.isActive()) {
            channel.writeAndFlush(TsoProtocol.request(channel.alloc(), TsoProtocol.OP_ABANDON, id, 0));
        }
    }

    private void onResponse(Response response) {
        if (response.op() == TsoProtocol.OP_TIMESTAMPS) {
            onTimestamps(response);
            return;
        }
        CompletableFuture<Void> admitted = enters.remove(response.id());
        if (admitted == null) {
            Mode mode = abandonedEnters.remove(response.id());
            if (mode != null && response.status() == TsoProtocol.STATUS_OK) {
                exit(mode); // admitted after the caller gave up
            }
            return;
        }
        if (response.status() == TsoProtocol.STATUS_OK) {
            admitted.complete(null);
        } else {
            admitted.completeExceptionally(failure(response));
        }
    }

    private synchronized void onTimestamps(Response response) {
        List<CompletableFuture<Long>> batch = inFlight;
        inFlight = null;
        if (batch == null) {
            return;
        }
        if (response.status() == TsoProtocol.STATUS_OK && response.count() == batch.size()) {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(response.first() + i);
            }
        } else {
            RuntimeException failure = response.status() == TsoProtocol.STATUS_OK
                ? new TsoUnavailableException("TSO leader at " + address + " answered " + response.count()
                    + " timestamps for " + batch.size())
                : failure(response);
            batch.forEach(f -> f.completeExceptionally(failure));
        }
        if (!queued.isEmpty() && closedBecause == null) {
            sendBatch();
        }
    }

    private RuntimeException failure(Response response) {
        if (response.status() == TsoProtocol.STATUS_NOT_LEADER) {
            return new TsoUnavailableException("TSO at " + address + " does not serve: " + response.message());
        }
        return new SqlError(ErrorCode.ER_INTERNAL, "TSO leader at " + address + ": " + response.message());
    }

    private void onClosed() {
        TsoUnavailableException failure = new TsoUnavailableException("connection to the TSO leader at " + address
            + " closed");
        List<CompletableFuture<Long>> waiting = new ArrayList<>();
        synchronized (this) {
            if (closedBecause != null) {
                return;
            }
            closedBecause = failure;
            if (inFlight != null) {
                waiting.addAll(inFlight);
                inFlight = null;
            }
            waiting.addAll(queued);
            queued.clear();
        }
        waiting.forEach(f -> f.completeExceptionally(failure));
        enters.values().forEach(f -> f.completeExceptionally(new SqlError(failure, ErrorCode.ER_INTERNAL,
            "commit gate: " + failure.getMessage())));
        enters.clear();
        abandonedEnters.clear();
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new TsoUnavailableException(String.valueOf(cause.getMessage()), cause);
    }
}
