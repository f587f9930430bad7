package io.sluice.embeddings.model;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * What a text becomes before it reaches a model: Unicode NFC, control and format characters (other than
 * whitespace) removed, runs of whitespace collapsed to one space, trimmed. A text that is empty afterwards cannot be
 * embedded; {@link #normalize} returns null for it. Pure and thread-safe.
 */
public final class TextNormalizer {
    /** Why an empty text is recorded as failed. */
    public static final String EMPTY = "empty after normalisation";

    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}&&[^\\s]]");
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");

    private TextNormalizer() {}

    /** The normalised text, or null when nothing is left. */
    public static String normalize(String text) {
        if (text == null) {
            return null;
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        s = INVISIBLE.matcher(s).replaceAll("");
        s = SPACES.matcher(s).replaceAll(" ").strip();
        return s.isEmpty() ? null : s;
    }
}
