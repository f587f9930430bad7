package io.sluice.bench.ingest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * An optional JFR recording (the JDK's "profile" settings) of a timed phase, written to a file for {@code jfr view
 * hot-methods FILE} or JDK Mission Control. Does nothing when no file is given.
 */
final class Profile implements AutoCloseable {
    private final Recording recording;
    private final Path file;

    private Profile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static Profile start(Path file) {
        if (file == null) {
            return new Profile(null, null);
        }
        try {
            Recording r = new Recording(Configuration.getConfiguration("profile"));
            r.setName("sluice-bench");
            r.start();
            return new Profile(r, file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the JFR 'profile' settings", e);
        } catch (ParseException e) {
            throw new IllegalStateException("the JFR 'profile' settings do not parse", e);
        }
    }

    /** Stops the recording and writes it; says where. */
    void stop(PrintWriter out) {
        if (recording == null || !recording.stop()) {
            return;
        }
        try {
            recording.dump(file);
            out.printf("  JFR recording of the write phase: %s (try: jfr view hot-methods %s)%n", file, file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the JFR recording to " + file, e);
        }
    }

    @Override
    public void close() {
        if (recording != null) {
            recording.close();
        }
    }
}
