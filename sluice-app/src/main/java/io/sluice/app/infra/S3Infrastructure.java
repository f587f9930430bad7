package io.sluice.app.infra;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Infrastructure;
import io.sluice.core.service.SluiceService;
import io.sluice.embedded.EmbeddedS3;
import java.nio.file.Path;
import java.util.Map;

/**
 * S3 for {@code sluice up}: an {@link EmbeddedS3} (s3proxy, each object a file at {@code <data dir>/s3/<bucket>/<key>})
 * unless {@code aws.endpoint_url_s3} or {@code aws.endpoint_url} names a server. Port {@code embedded.s3.port}; when
 * that key is not set, 9000, or a free port if 9000 is taken or {@code http.port} is 0 (the banner shows which). Requests are signed with
 * {@code aws.s3_access_key_id}/{@code aws.s3_secret_access_key} when configured, else with {@link
 * EmbeddedS3#DEFAULT_ACCESS_KEY} and its secret; services get the endpoint and those S3-only credentials as settings,
 * so their other AWS clients keep their own credentials.
 */
public final class S3Infrastructure implements Infrastructure {
    static final int DEFAULT_PORT = 9000;

    @Override
    public String name() {
        return SluiceService.S3;
    }

    @Override
    public String title() {
        return "S3";
    }

    @Override
    public boolean isExternal(Settings settings) {
        return settings.isSet("aws.endpoint_url_s3") || settings.isSet("aws.endpoint_url");
    }

    @Override
    public String address(Settings settings) {
        return settings.string("aws.endpoint_url_s3", settings.string("aws.endpoint_url", ""));
    }

    @Override
    public Running start(Settings settings, Path dataDir) {
        EmbeddedS3.Builder builder = EmbeddedS3.builder().dataDirectory(dataDir.resolve("s3"));
        if (settings.isSet("embedded.s3.port")) {
            builder.port(settings.integer("embedded.s3.port", DEFAULT_PORT, 0, 65535));
        } else if ("0".equals(settings.string("http.port", ""))) {
            builder.port(0); // every service on a free port (what tests ask for): this server too
        } else {
            builder.preferredPort(DEFAULT_PORT);
        }
        if (settings.isSet("aws.s3_access_key_id") && settings.isSet("aws.s3_secret_access_key")) {
            builder.credentials(
                    settings.required("aws.s3_access_key_id"), settings.required("aws.s3_secret_access_key"));
        }
        EmbeddedS3 s3 = builder.build();
        try {
            s3.start();
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        return new Running() {
            @Override
            public Map<String, String> settings() {
                return Map.of(
                        "aws.endpoint_url_s3", s3.endpoint().toString(),
                        "aws.s3_access_key_id", s3.accessKey(),
                        "aws.s3_secret_access_key", s3.secretKey());
            }

            @Override
            public String address() {
                return s3.endpoint().toString();
            }

            @Override
            public String description() {
                return "embedded, objects in " + s3.dataDirectory();
            }

            @Override
            public void close() {
                s3.close();
            }
        };
    }
}
