package io.sluice.embeddings;

import static io.sluice.embeddings.EmbeddingsFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/** The labelled sentences and topic queries of {@code relevance.tsv}, and precision@k over a search function. */
final class RelevanceSet {
    record Labelled(String topic, String text) {}

    final List<Labelled> sentences = read("/relevance.tsv");
    final List<Labelled> queries = read("/relevance-queries.tsv");

    private static List<Labelled> read(String resource) {
        List<Labelled> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(RelevanceSet.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split("\t", 2);
                    out.add(new Labelled(parts[0], parts[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Mean precision@k of the queries: the share of each query's top k that belong to its topic.
     *
     * @param search query and k to the search response body ({@code results[].text_message_id})
     * @param topicOf message id to topic
     * @param report one line per query, for the test log
     */
    double precisionAt(
            int k, BiFunction<String, Integer, JsonNode> search, Map<UUID, String> topicOf, StringBuilder report) {
        double sum = 0;
        for (Labelled q : queries) {
            JsonNode results = search.apply(q.text(), k).path("results");
            int hits = 0;
            List<String> got = new ArrayList<>();
            for (JsonNode r : results) {
                String topic =
                        topicOf.get(UUID.fromString(r.path("text_message_id").asText()));
                got.add(topic + String.format(" %.3f", r.path("distance").asDouble()));
                if (q.topic().equals(topic)) {
                    hits++;
                }
            }
            sum += hits / (double) k;
            report.append(q.topic())
                    .append(": ")
                    .append(hits)
                    .append('/')
                    .append(k)
                    .append(' ')
                    .append(got)
                    .append('\n');
        }
        return sum / queries.size();
    }

    /** Inserts the sentences through {@code app} and returns id to topic. */
    Map<UUID, String> insert(EmbeddingsFixture app) {
        List<UUID> ids = app.insertAll(sentences.stream().map(Labelled::text).toList());
        Map<UUID, String> topicOf = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            topicOf.put(ids.get(i), sentences.get(i).topic());
        }
        return topicOf;
    }

    static BiFunction<String, Integer, JsonNode> searchVia(EmbeddingsFixture app) {
        return (q, k) -> json(app.search(q, k));
    }
}
