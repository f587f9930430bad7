package io.sluice.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The reports' bucket on S3 (or the embedded S3-compatible server of {@code up}): puts whole objects under their key
 * (a rewrite replaces) and lists them. Thread-safe; throws the SDK's exceptions.
 */
final class S3Reports implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(S3Reports.class);

    private final S3Client s3;
    private final String bucket;

    S3Reports(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    String bucket() {
        return bucket;
    }

    /** Creates the bucket if it does not exist: for a local server; on AWS it is provisioned beforehand. */
    void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException missing) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (SdkException e) {
                log.warn("{}: could not create the bucket {}: {}", AnalyticsConfig.SERVICE, bucket, e.toString());
            }
        }
    }

    void put(String key, byte[] body, String contentType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
    }

    byte[] get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    /** A stored object. */
    record Stored(String key, long size, Instant lastModified) {}

    /** Up to {@code limit} objects under {@code prefix}, in key order (so by time within a type). */
    List<Stored> list(String prefix, int limit) {
        List<Stored> out = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder req =
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(Math.min(limit, 1000));
            if (token != null) {
                req.continuationToken(token);
            }
            ListObjectsV2Response page = s3.listObjectsV2(req.build());
            for (S3Object o : page.contents()) {
                if (out.size() < limit) {
                    out.add(new Stored(o.key(), o.size(), o.lastModified()));
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null && out.size() < limit);
        return out;
    }

    @Override
    public void close() {
        s3.close();
    }
}
