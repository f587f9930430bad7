package io.sluice.textwriter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * How producer ids become row ids. A canonical UUID is used as is; any other id string (the original's own example is
 * {@code test-123}) becomes a name-based UUID (RFC 4122 version 5) in a fixed namespace, so the same string
 * always maps to the same row; a record without an id gets a UUID derived from its topic, partition and offset,
 * so a replay lands on the same row too. Pure functions, thread-safe.
 */
public final class MessageIds {
    /** Namespace of ids given by producers. Never change it: stored rows depend on it. */
    public static final UUID PRODUCER_ID_NAMESPACE = UUID.fromString("5c2b6f0e-8f3a-4d1c-9e7a-3b1d0c4e2f61");
    /** Namespace of ids derived from a record's position. Never change it. */
    public static final UUID RECORD_POSITION_NAMESPACE = UUID.fromString("9a4e1c7d-2b5f-4e08-a6c3-7d2e9f1b0a85");

    private MessageIds() {}

    /** Whether {@code id} is a UUID in canonical 8-4-4-4-12 form (the JDK's parser accepts far more). */
    public static boolean isUuid(String id) {
        // A loop rather than a regular expression: this runs for every record, and the expression was the
        // decoder's hottest code in the ingest profile (docs/benchmarks.md).
        if (id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : Character.digit(c, 16) >= 0 && c < 128;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The row id for a producer's id string. */
    public static UUID forProducerId(String id) {
        return isUuid(id) ? UUID.fromString(id) : nameBased(PRODUCER_ID_NAMESPACE, id);
    }

    /** The row id for a record that carried no id. */
    public static UUID forRecordPosition(String topic, int partition, long offset) {
        return nameBased(RECORD_POSITION_NAMESPACE, topic + "/" + partition + "/" + offset);
    }

    /** RFC 4122 §4.3 name-based UUID, version 5 (SHA-1). */
    static UUID nameBased(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
