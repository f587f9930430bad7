package io.sluice.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that sends prepared requests and reads whole responses (Content-Length or
 * chunked bodies), discarding the bodies. Far cheaper per request than {@code java.net.http.HttpClient}, so on a small
 * machine the load generator leaves more CPU to the server it measures. Not thread-safe: one per worker.
 */
public final class HttpConnection implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 30_000;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder line = new StringBuilder(128);
    private final byte[] skip = new byte[8192];

    public HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends {@code request} (a complete HTTP/1.1 message) and returns the response's status code. */
    public int exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(TIMEOUT_MILLIS);
        s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = s.getOutputStream();
    }

    private int readResponse() throws IOException {
        String status = readLine();
        if (!status.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: '" + status + "'");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        String header;
        while (!(header = readLine()).isEmpty()) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                chunked = true;
            } else if (h.startsWith("connection:") && h.contains("close")) {
                closeAfter = true;
            }
        }
        if (chunked) {
            skipChunks();
        } else if (length > 0) {
            skipBytes(length);
        }
        if (closeAfter) {
            close();
        }
        return code;
    }

    private void skipChunks() throws IOException {
        long size;
        do {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size > 0) {
                skipBytes(size);
                readLine(); // the CRLF after the chunk
            }
        } while (size > 0);
        while (!readLine().isEmpty()) {
            // trailers
        }
    }

    private void skipBytes(long n) throws IOException {
        while (n > 0) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, n));
            if (r < 0) {
                throw new EOFException("connection closed with " + n + " body bytes missing");
            }
            n -= r;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed mid-response");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
