package io.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The messages benchmarks and fault runs produce, as a pure function of a seed and an index: message {@code i} is
 * {@code {"id":"<uuid>","text":"..."}} of about {@link #valueBytes()} bytes, so a run can regenerate any message to
 * check what was stored without keeping them all in memory.
 *
 * <p>Ids are unique per index (the low 62 bits are a bijection of it) and spread over the whole UUID space like
 * random v4 ids, so primary-key inserts hit random index pages as they do in production. With an invalid share above
 * zero, about that share of indexes yield a value the text writer must reject (bad JSON, a missing, blank, non-string
 * or NUL-bearing text), spread evenly over the five kinds. Immutable and thread-safe.
 */
public final class Workload {
    private static final String FILLER =
            "the quick brown fox jumps over the lazy dog; sphinx of black quartz, judge" + " my vow. ";
    private static final long MASK_62 = (1L << 62) - 1;
    /** Bytes of {@code {"id":"<36>","text":""}} around the text. */
    private static final int ENVELOPE = 55;

    private final long seed;
    private final int valueBytes;
    private final int invalidPerMillion;

    /**
     * @param valueBytes the size of a valid value in bytes; at least 60
     * @param invalidShare the share of invalid values, 0 to 0.5
     */
    public Workload(long seed, int valueBytes, double invalidShare) {
        if (valueBytes < ENVELOPE + 5) {
            throw new IllegalArgumentException(
                    "message size must be at least " + (ENVELOPE + 5) + " bytes, got " + valueBytes);
        }
        if (invalidShare < 0 || invalidShare > 0.5) {
            throw new IllegalArgumentException("invalid share must be between 0 and 0.5, got " + invalidShare);
        }
        this.seed = seed;
        this.valueBytes = valueBytes;
        this.invalidPerMillion = (int) Math.round(invalidShare * 1_000_000);
    }

    /** Valid messages only. */
    public static Workload valid(long seed, int valueBytes) {
        return new Workload(seed, valueBytes, 0);
    }

    public int valueBytes() {
        return valueBytes;
    }

    /** The row id of message {@code i}. */
    public UUID id(long i) {
        long msb = (mix64(i ^ seed) & ~0xF000L) | 0x4000L; // version 4
        long lsb = Long.MIN_VALUE | mix62(i + seed); // variant 10
        return new UUID(msb, lsb);
    }

    /** The text of message {@code i} as the text writer stores it (for a valid message). */
    public String text(long i) {
        StringBuilder b =
                new StringBuilder(valueBytes).append("message ").append(i).append(' ');
        int length = valueBytes - ENVELOPE;
        int from = (int) Long.remainderUnsigned(mix64(i), FILLER.length());
        while (b.length() < length) {
            b.append(FILLER.charAt(from++ % FILLER.length()));
        }
        b.setLength(length);
        return b.toString();
    }

    /** Whether message {@code i} is one the text writer must send to the dead-letter topic. */
    public boolean isInvalid(long i) {
        return invalidPerMillion > 0 && Long.remainderUnsigned(mix64(i * 31 + seed), 1_000_000) < invalidPerMillion;
    }

    /** The Kafka record value of message {@code i}. */
    public byte[] value(long i) {
        String id = id(i).toString();
        String json;
        if (!isInvalid(i)) {
            json = "{\"id\":\"" + id + "\",\"text\":\"" + text(i) + "\"}";
        } else {
            json = switch ((int) Long.remainderUnsigned(i, 5)) {
                case 0 -> "{\"id\":\"" + id + "\",\"text\":\"unterminated";
                case 1 -> "{\"id\":\"" + id + "\"}";
                case 2 -> "{\"id\":\"" + id + "\",\"text\":\"   \"}";
                case 3 -> "{\"id\":\"" + id + "\",\"text\":42}";
                default -> "{\"id\":\"" + id + "\",\"text\":\"nul \\u0000 inside\"}";
            };
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** SplitMix64's finalizer: a bijection on 64 bits that spreads consecutive inputs. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A bijection on the low 62 bits (xor-shifts and odd multipliers modulo 2^62). */
    static long mix62(long z) {
        z &= MASK_62;
        z = ((z ^ (z >>> 31)) * 0xbf58476d1ce4e5b9L) & MASK_62;
        z = ((z ^ (z >>> 29)) * 0x94d049bb133111ebL) & MASK_62;
        return z ^ (z >>> 32);
    }
}
