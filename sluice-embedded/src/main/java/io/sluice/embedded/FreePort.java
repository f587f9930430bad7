package io.sluice.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks a TCP port on 127.0.0.1 that is free right now (another process may still take it before we bind). */
final class FreePort {
    private FreePort() {}

    /** Returns {@code port} unchanged when it is positive, otherwise a port that is free at this moment. */
    static int orPick(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (pick a free one) or 1..65535, got " + port);
        }
        if (port > 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free TCP port on the loopback interface", e);
        }
    }

    /** Whether nothing listens on 127.0.0.1:{@code port} right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails fast when something already listens on 127.0.0.1:{@code port}; without this, a PostgreSQL start on a
     * taken port would wait for its startup timeout (or talk to the other server).
     */
    static void requireFree(int port, String owner) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Port " + port + " on 127.0.0.1 is already in use; " + owner + " cannot start there. Stop the"
                            + " other process or configure another port.",
                    e);
        }
    }
}
