package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Creates and removes the scratch directories of the shared per-JVM servers. */
final class TempDirectory {
    private TempDirectory() {}

    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not create a temp directory named " + prefix + "* in "
                            + System.getProperty("java.io.tmpdir"),
                    e);
        }
    }

    /** Deletes the tree, best effort: it runs from shutdown hooks, where failing loudly helps nobody. */
    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Left behind in java.io.tmpdir; nothing else to do at JVM exit.
        }
    }
}
