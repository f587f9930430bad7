package io.sluice.textwriter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Escaping for PostgreSQL's COPY text format: backslash, tab, newline and carriage return. */
public final class CopyText {
    private static final byte[] BACKSLASH = {'\\', '\\'};
    private static final byte[] TAB = {'\\', 't'};
    private static final byte[] NEWLINE = {'\\', 'n'};
    private static final byte[] RETURN = {'\\', 'r'};

    private CopyText() {}

    /** Writes {@code s} as UTF-8 with the four characters COPY would misread escaped. */
    public static void escape(ByteArrayOutputStream out, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            switch (b) {
                case '\\' -> out.writeBytes(BACKSLASH);
                case '\t' -> out.writeBytes(TAB);
                case '\n' -> out.writeBytes(NEWLINE);
                case '\r' -> out.writeBytes(RETURN);
                default -> out.write(b);
            }
        }
    }
}
