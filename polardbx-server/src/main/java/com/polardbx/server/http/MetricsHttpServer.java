package com.polardbx.server.http;

import com.polardbx.common.metrics.Metrics;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} in Prometheus' text format and {@code /status}: an HTML page ({@link StatusPage}) for a
 * client that accepts {@code text/html} (a browser), else one line of JSON. It uses the JDK's HTTP server on one
 * daemon thread: scrapes are rare and small, and no dependency is needed for it.
 */
public final class MetricsHttpServer implements AutoCloseable {
    private final HttpServer server;

    /**
     * Listens on {@code bindHost:port} (0: any free port).
     *
     * @param status the body of {@code /status}
     */
    public MetricsHttpServer(String bindHost, int port, Supplier<String> status) {
        this(bindHost, port, status, null);
    }

    /** @param page the HTML of {@code /status} for browsers; null to answer JSON only */
    public MetricsHttpServer(String bindHost, int port, Supplier<String> status, Supplier<String> page) {
        try {
            server = HttpServer.create(new InetSocketAddress(bindHost, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on HTTP port " + port, e);
        }
        server.createContext("/metrics", x -> reply(x, "text/plain; version=0.0.4; charset=utf-8",
            Metrics.get().prometheusText()));
        server.createContext("/status", x -> {
            String accept = x.getRequestHeaders().getFirst("Accept");
            if (page != null && accept != null && accept.contains("text/html")) {
                reply(x, "text/html; charset=utf-8", page.get());
            } else {
                reply(x, "application/json", status.get());
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, String contentType, String body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
