package io.sluice.embeddings.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The original's mock model (docs/origins.md#embeddings-projection-loop-and-mock-model), made reproducible: a SplitMix64 generator seeded with the first 8 bytes (big-endian) of
 * SHA-256 of the UTF-8 text draws {@code dimension} values uniformly in [-1, 1] ({@code (next >>> 11) * 2^-53 * 2
 * - 1}), then the vector is L2-normalised. The same text gives the same vector in every process and on every
 * machine. Distances between mock vectors carry no meaning: for tests and demos. Thread-safe.
 */
public final class MockEmbedder implements Embedder {
    private final int dimension;

    public MockEmbedder(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public String provider() {
        return "mock";
    }

    @Override
    public String modelId() {
        return "mock/sha256-splitmix64/" + dimension;
    }

    @Override
    public String description() {
        return "mock (SHA-256 seeded, not semantic)";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
        List<Embedding> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(Embedding.normalised(vector(t, dimension), dimension));
        }
        return out;
    }

    /** The raw (not yet normalised) mock values of {@code text}. */
    static float[] vector(String text, int dimension) {
        long state = ByteBuffer.wrap(sha256(text)).getLong();
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            state += 0x9e3779b97f4a7c15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z = z ^ (z >>> 31);
            v[i] = (float) (((z >>> 11) * 0x1.0p-53) * 2 - 1);
        }
        return v;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void close() {}
}
