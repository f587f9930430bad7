package io.sluice.embeddings.model;

/** The model's answer for one text: a unit vector, or the reason the model rejected the text (never both). */
public record Embedding(float[] vector, String rejection) {

    public static Embedding of(float[] vector) {
        return new Embedding(vector, null);
    }

    public static Embedding rejected(String reason) {
        return new Embedding(null, reason);
    }

    /** A unit vector from {@code raw}, or a rejection when it is zero, NaN or of the wrong size. */
    public static Embedding normalised(float[] raw, int dimension) {
        if (raw.length != dimension) {
            return rejected("model returned " + raw.length + " values, expected " + dimension);
        }
        double sum = 0;
        for (float x : raw) {
            sum += (double) x * x;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            return rejected("model returned a zero or non-finite vector");
        }
        float inv = (float) (1 / Math.sqrt(sum));
        float[] v = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            v[i] = raw[i] * inv;
        }
        return of(v);
    }
}
