package io.sluice.embeddings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real English corpus built from what every machine of this project has, as in the vectors research: Debian package
 * short descriptions ({@code apt-cache dumpavail}) and the first sentences of the JDK's Javadoc ({@code
 * $JAVA_HOME/lib/src.zip}), de-duplicated and shuffled with a fixed seed. Random vectors are no stand-in for ANN
 * recall (they have no neighbourhoods), so the benchmark needs real sentences.
 */
final class BenchCorpus {
    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("\\{@\\w+\\s*([^}]*)}");
    private static final Pattern HTML = Pattern.compile("<[^>]+>");

    private BenchCorpus() {}

    /** At least {@code wanted} distinct sentences if the sources hold that many, shuffled with seed 42. */
    static List<String> sentences(int wanted) {
        Set<String> all = new LinkedHashSet<>();
        debian(all);
        javadoc(all, wanted * 2);
        List<String> list = new ArrayList<>(all);
        Collections.shuffle(list, new Random(42));
        return list.subList(0, Math.min(wanted, list.size()));
    }

    private static void debian(Set<String> out) {
        try {
            Process p = new ProcessBuilder("apt-cache", "dumpavail")
                    .redirectErrorStream(false)
                    .start();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("Description: ")) {
                        String s = line.substring("Description: ".length()).strip();
                        if (s.length() >= 20) {
                            out.add(s);
                        }
                    }
                }
            }
            p.waitFor();
        } catch (IOException e) {
            System.err.println("apt-cache dumpavail unavailable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void javadoc(Set<String> out, int cap) {
        Path src = Path.of(System.getProperty("java.home"), "lib", "src.zip");
        try (ZipFile zip = new ZipFile(src.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements() && out.size() < cap) {
                ZipEntry e = entries.nextElement();
                if (!e.getName().endsWith(".java")) {
                    continue;
                }
                String code = new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = JAVADOC.matcher(code);
                while (m.find()) {
                    String sentence = firstSentence(m.group(1));
                    if (sentence != null) {
                        out.add(sentence);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + src, e);
        }
    }

    private static String firstSentence(String comment) {
        StringBuilder text = new StringBuilder();
        for (String line : comment.split("\n")) {
            String l = line.strip();
            if (l.startsWith("*")) {
                l = l.substring(1).strip();
            }
            if (l.startsWith("@")) {
                break;
            }
            text.append(l).append(' ');
        }
        String s = HTML.matcher(TAG.matcher(text).replaceAll("$1"))
                .replaceAll("")
                .replaceAll("\\s+", " ")
                .strip();
        int dot = s.indexOf(". ");
        if (dot > 0) {
            s = s.substring(0, dot + 1);
        }
        return s.length() >= 30 && s.length() <= 200 && Character.isUpperCase(s.charAt(0)) ? s : null;
    }
}
