package io.sluice.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedS3IT {

    @Test
    void a_taken_preferred_port_falls_back_to_a_free_one_and_the_server_answers_in_s3s_dialect(@TempDir Path dir)
            throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            try (EmbeddedS3 s3 = EmbeddedS3.builder()
                    .dataDirectory(dir)
                    .preferredPort(taken.getLocalPort())
                    .build()) {
                assertThat(s3.port()).isNotEqualTo(taken.getLocalPort());
                s3.start();
                s3.start();

                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(s3.endpoint().resolve("/any-bucket"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());

                // An anonymous request for a bucket that does not exist: S3's NoSuchBucket.
                assertThat(response.statusCode()).isEqualTo(404);
                assertThat(response.body()).contains("<Code>NoSuchBucket</Code>");
                assertThat(s3.isRunning()).isTrue();
            }
        }
    }
}
