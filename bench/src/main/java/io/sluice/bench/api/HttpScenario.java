package io.sluice.bench.api;

import io.sluice.bench.HttpConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One HTTP scenario: its name, where it sends, how each request is made (for the Java load generator) and the same
 * request mix as a wrk Lua script.
 */
record HttpScenario(String name, String host, int port, RequestSource requests, String wrkPath, String wrkScript) {

    /** Makes complete HTTP/1.1 requests; one per worker, with the worker's own random source. */
    @FunctionalInterface
    interface RequestSource {
        byte[] next(SplittableRandom random);
    }

    static final String CREATED_TEXT = "created by sluice bench api, about one hundred bytes of text like a message";

    /** {@code GET path} with no variation. */
    static HttpScenario get(String name, String host, int port, String path) {
        byte[] request = get(host, port, path);
        return new HttpScenario(name, host, port, random -> request, path, "");
    }

    /** {@code GET /messages/{id}} with an id drawn at random from {@code ids}. */
    static HttpScenario getById(String host, int port, List<UUID> ids) {
        byte[][] requests =
                ids.stream().map(id -> get(host, port, "/messages/" + id)).toArray(byte[][]::new);
        StringBuilder lua = new StringBuilder("local ids = {");
        for (UUID id : ids) {
            lua.append('"').append(id).append("\",");
        }
        lua.append("}\n")
                .append("request = function()\n")
                .append("  return wrk.format(\"GET\", \"/messages/\" .. ids[math.random(#ids)])\n")
                .append("end\n");
        return new HttpScenario(
                "GET /messages/{id}",
                host,
                port,
                random -> requests[random.nextInt(requests.length)],
                "/messages",
                lua.toString());
    }

    /** {@code POST /messages} of a new message with a new random id each time. */
    static HttpScenario create(String host, int port) {
        String lua =
                """
                local threads = 0
                function setup(thread)
                  threads = threads + 1
                  thread:set("tid", threads)
                end
                local counter = 0
                local run = 0
                function init(args)
                  run = tonumber(args[1])
                end
                request = function()
                  counter = counter + 1
                  local body = string.format('{"id":"%%08x-%%04x-4000-8000-%%012x","message":"%s"}', run, tid, counter)
                  return wrk.format("POST", "/messages", {["Content-Type"] = "application/json"}, body)
                end
                """
                        .formatted(CREATED_TEXT);
        return new HttpScenario(
                "POST /messages",
                host,
                port,
                random -> post(host, port, "/messages", body(new UUID(random.nextLong(), random.nextLong()))),
                "/messages",
                lua);
    }

    private static String body(UUID id) {
        return "{\"id\":\"" + id + "\",\"message\":\"" + CREATED_TEXT + "\"}";
    }

    static byte[] get(String host, int port, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] post(String host, int port, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** The operation of one Java load worker: its own connection and random source. */
    ClosedLoop.Operation operation(int worker) {
        HttpConnection connection = new HttpConnection(host, port);
        SplittableRandom random = new SplittableRandom(worker * 0x9E3779B97F4A7C15L + System.nanoTime());
        return new ClosedLoop.Operation() {
            @Override
            public boolean call() throws Exception {
                return connection.exchange(requests.next(random)) / 100 == 2;
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
