package io.sluice.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Draws a progress bar on a {@link PrintWriter} (the command's error writer) by rewriting one line with {@code \r}.
 * Unlike the library's console consumers it never asks JLine for a terminal, so it behaves the same when output is
 * piped, redirected or captured by a test.
 */
final class WriterProgressConsumer implements ProgressBarConsumer {

    private final PrintWriter out;
    private final int width;

    WriterProgressConsumer(PrintWriter out, int width) {
        this.out = out;
        this.width = width;
    }

    /** The terminal width from {@code COLUMNS} when the shell exports it, else 80. */
    static int terminalWidth() {
        try {
            return Math.max(
                    40,
                    Integer.parseInt(System.getenv()
                                    .getOrDefault("COLUMNS", "80")
                                    .strip())
                            - 1);
        } catch (NumberFormatException e) {
            return 79;
        }
    }

    @Override
    public int getMaxRenderedLength() {
        return width;
    }

    @Override
    public void accept(String rendered) {
        out.print('\r');
        out.print(rendered);
        out.flush();
    }

    @Override
    public void close() {
        out.println();
        out.flush();
    }
}
