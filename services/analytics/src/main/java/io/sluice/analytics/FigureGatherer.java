package io.sluice.analytics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Every figure of the application, whichever instance holds it. Instances of one {@code application.id} split the
 * partitions, so each one's stores hold part of the keys (a date, a customer, a product lives in exactly one). The
 * figures are this instance's stores plus, for every other instance Kafka Streams knows ({@code application.server}
 * = its advertised host and HTTP port), that instance's {@value #LOCAL_PATH}. Any instance not answering makes the
 * whole read fail ({@link InvalidStateStoreException}): a report is complete or not written.
 *
 * <p>One instance writes the scheduled reports ({@link #isReportWriter()}): the one active for a fixed key of
 * {@value AnalyticsTopology#ORDER_STATUS}. Thread-safe.
 */
final class FigureGatherer implements AutoCloseable {
    /** The route that serves an instance's own figures to its peers. */
    static final String LOCAL_PATH = "/analytics/internal/local-figures";

    static final Serde<Figures> FIGURES = JsonSerde.of(Figures.class);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http;

    FigureGatherer(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
        this.http = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();
    }

    /** This instance's figures; throws {@link InvalidStateStoreException} while its stores are not queryable. */
    Figures local() {
        return AnalyticsService.figures(streams);
    }

    /** Every instance's figures, merged. */
    Figures all() {
        Figures merged = local();
        for (StreamsMetadata peer : streams.metadataForAllStreamsClients()) {
            if (!peer.hostInfo().equals(self)) {
                merged = merge(merged, fetch(peer.hostInfo()));
            }
        }
        return merged;
    }

    /** Whether this instance writes the scheduled reports (one instance of the application does). */
    boolean isReportWriter() {
        KeyQueryMetadata owner = streams.queryMetadataForKey(
                AnalyticsTopology.ORDER_STATUS, "", Serdes.String().serializer());
        return owner == null
                || owner.activeHost() == null
                || owner.activeHost().equals(KeyQueryMetadata.NOT_AVAILABLE.activeHost())
                || owner.activeHost().equals(self);
    }

    private Figures fetch(HostInfo peer) {
        URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + LOCAL_PATH);
        try {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(uri).timeout(PEER_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new InvalidStateStoreException(
                        "the figures of instance " + peer + " are not available (HTTP " + r.statusCode() + ")");
            }
            return FIGURES.deserializer().deserialize(LOCAL_PATH, r.body());
        } catch (IOException e) {
            throw new InvalidStateStoreException("instance " + peer + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidStateStoreException("interrupted while reading the figures of " + peer, e);
        }
    }

    static Figures merge(Figures a, Figures b) {
        TreeMap<String, SalesFigures> daily = new TreeMap<>(a.dailySales());
        daily.putAll(b.dailySales());
        Map<Long, ProductFigures> products = new HashMap<>(a.products());
        products.putAll(b.products());
        Map<Long, SalesFigures> customers = new HashMap<>(a.customers());
        customers.putAll(b.customers());
        TreeMap<String, Long> statuses = new TreeMap<>(a.statusCounts());
        statuses.putAll(b.statusCounts());
        return new Figures(daily, products, customers, statuses);
    }

    @Override
    public void close() {
        http.close();
    }
}
