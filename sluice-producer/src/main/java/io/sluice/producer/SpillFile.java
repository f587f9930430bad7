package io.sluice.producer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events that could not be sent to Kafka, kept on local disk until the broker is back, then replayed in order.
 *
 * <p><b>Layout.</b> A 16-byte header — magic {@code SLSP}, version 1, and the position up to which records have
 * been replayed — then append-only records: payload length (int), CRC32 of the payload (int), payload (topic,
 * headers, value, then the key when there is one: a record written before keys existed simply ends after its value, so
 * older files read as they did). The replay position is updated in place after each acknowledged chunk, so a restart does not
 * resend what Kafka already has; once everything is replayed the file is truncated back to its header.
 *
 * <p><b>Crashes.</b> A record cut short by a crash (or corrupted) fails its length or CRC check when the file is
 * opened; the file is truncated there, and what was lost is logged. Replay is at-least-once: a chunk whose
 * acknowledgement was lost is sent again, and consumers deduplicate by {@code event_id}.
 *
 * <p><b>Durability.</b> See {@link EmitterConfig.FsyncPolicy}: writes reach the OS at once (a killed process loses
 * nothing); {@link #sync()} forces them to the device.
 *
 * <p>Thread-safe: every method is synchronized. Appends come from the sender thread, producer callbacks, and
 * request threads when the in-memory queue is full.
 */
final class SpillFile implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpillFile.class);
    private static final int MAGIC = 0x534C5350; // "SLSP"
    private static final int VERSION = 1;
    static final int HEADER_BYTES = 16;
    private static final int RECORD_HEADER_BYTES = 8;
    private static final int MAX_PAYLOAD_BYTES = 64 << 20;

    private final Path path;
    private final long maxBytes;
    private final EmitterConfig.FsyncPolicy fsync;
    private final FileChannel channel;
    private long size;
    private long replayedTo;
    private long pendingRecords;
    private boolean dirty;
    private boolean closed;

    /** Records read for replay, and the position just past the last of them. */
    record Chunk(List<OutboundRecord> records, long end) {
        boolean isEmpty() {
            return records.isEmpty();
        }
    }

    private SpillFile(Path path, long maxBytes, EmitterConfig.FsyncPolicy fsync, FileChannel channel) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.fsync = fsync;
        this.channel = channel;
    }

    /**
     * Opens (or creates) the file, checks its header and drops a torn or corrupt tail.
     *
     * @throws UncheckedIOException if the file cannot be opened, or is not a spill file
     */
    static SpillFile open(Path path, long maxBytes, EmitterConfig.FsyncPolicy fsync) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileChannel ch = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            SpillFile f = new SpillFile(path, maxBytes, fsync, ch);
            try {
                f.load();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event spill file " + path + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        size = channel.size();
        if (size < HEADER_BYTES) {
            replayedTo = HEADER_BYTES;
            channel.truncate(0);
            writeHeader();
            size = HEADER_BYTES;
            channel.force(true);
            return;
        }
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        readFully(h, 0);
        h.flip();
        int magic = h.getInt();
        int version = h.getInt();
        long pos = h.getLong();
        if (magic != MAGIC || version != VERSION) {
            throw new IOException(path + " is not a version " + VERSION + " spill file; move it away to start afresh");
        }
        replayedTo = pos < HEADER_BYTES || pos > size ? HEADER_BYTES : pos;
        long end = replayedTo;
        long count = 0;
        while (end < size) {
            long next = nextRecordEnd(end);
            if (next < 0) {
                break;
            }
            end = next;
            count++;
        }
        if (end < size) {
            log.warn(
                    "event spill file {}: dropping {} bytes of a torn or corrupt record at offset {}",
                    path,
                    size - end,
                    end);
            channel.truncate(end);
            size = end;
        }
        pendingRecords = count;
        if (count > 0) {
            log.info("event spill file {}: {} events ({} bytes) waiting for Kafka", path, count, size - replayedTo);
        }
    }

    /** The end of the valid record at {@code pos}, or -1 if it is cut short or fails its CRC. */
    private long nextRecordEnd(long pos) throws IOException {
        if (size - pos < RECORD_HEADER_BYTES) {
            return -1;
        }
        ByteBuffer rh = ByteBuffer.allocate(RECORD_HEADER_BYTES);
        readFully(rh, pos);
        rh.flip();
        int len = rh.getInt();
        int crc = rh.getInt();
        if (len < 0 || len > MAX_PAYLOAD_BYTES || size - pos - RECORD_HEADER_BYTES < len) {
            return -1;
        }
        ByteBuffer payload = ByteBuffer.allocate(len);
        readFully(payload, pos + RECORD_HEADER_BYTES);
        return crc(payload.array()) == crc ? pos + RECORD_HEADER_BYTES + len : -1;
    }

    /**
     * Appends a record. Returns false, writing nothing, when the file would grow past its cap or is closed.
     *
     * @throws UncheckedIOException if the write fails (disk full, I/O error)
     */
    synchronized boolean append(OutboundRecord record) {
        return appendAll(List.of(record)) == 1;
    }

    /**
     * Appends records in order with one write, as many as fit under the cap; returns how many were appended (the
     * rest were not written at all). 0 when closed.
     *
     * @throws UncheckedIOException if the write fails (disk full, I/O error); nothing counts as appended then
     */
    synchronized int appendAll(List<OutboundRecord> records) {
        if (closed || records.isEmpty()) {
            return 0;
        }
        List<byte[]> payloads = new ArrayList<>(records.size());
        long length = 0;
        for (OutboundRecord r : records) {
            byte[] payload = encode(r);
            long next = length + RECORD_HEADER_BYTES + payload.length;
            if (size + next > maxBytes || next > Integer.MAX_VALUE) {
                break;
            }
            payloads.add(payload);
            length = next;
        }
        if (payloads.isEmpty()) {
            return 0;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) length);
        for (byte[] payload : payloads) {
            buf.putInt(payload.length).putInt(crc(payload)).put(payload);
        }
        buf.flip();
        try {
            long at = size;
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
            if (fsync == EmitterConfig.FsyncPolicy.ALWAYS) {
                channel.force(false);
            } else {
                dirty = true;
            }
        } catch (IOException e) {
            truncateQuietly(size);
            throw new UncheckedIOException("appending to the event spill file " + path + " failed", e);
        }
        size += length;
        pendingRecords += payloads.size();
        return payloads.size();
    }

    /** Whether records wait for replay. */
    synchronized boolean hasPending() {
        return size > replayedTo;
    }

    synchronized long pendingRecords() {
        return pendingRecords;
    }

    /** Bytes on disk, header included. */
    synchronized long bytes() {
        return size;
    }

    /** Where the next replay starts. */
    synchronized long replayPosition() {
        return replayedTo;
    }

    /** Up to {@code maxRecords} records (and about {@code maxBytes}) from {@code from}; empty at the end. */
    synchronized Chunk read(long from, int maxRecords, int maxBytes) {
        List<OutboundRecord> out = new ArrayList<>();
        long pos = from;
        int bytes = 0;
        try {
            while (pos < size && out.size() < maxRecords && bytes < maxBytes) {
                ByteBuffer rh = ByteBuffer.allocate(RECORD_HEADER_BYTES);
                readFully(rh, pos);
                rh.flip();
                int len = rh.getInt();
                rh.getInt(); // CRC: checked when the file was opened; the tail written since is ours
                ByteBuffer payload = ByteBuffer.allocate(len);
                readFully(payload, pos + RECORD_HEADER_BYTES);
                out.add(decode(payload.array()));
                pos += RECORD_HEADER_BYTES + len;
                bytes += len;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the event spill file " + path + " at offset " + pos + " failed", e);
        }
        return new Chunk(out, pos);
    }

    /**
     * Records that the chunk reached Kafka. When nothing is left, the file is truncated to its header. Calls must
     * follow the file's order (each chunk starting where the last ended).
     */
    synchronized void replayed(Chunk chunk) {
        replayedTo = chunk.end();
        pendingRecords = Math.max(0, pendingRecords - chunk.records().size());
        try {
            if (replayedTo >= size) {
                channel.truncate(HEADER_BYTES);
                size = HEADER_BYTES;
                replayedTo = HEADER_BYTES;
                pendingRecords = 0;
            }
            writeHeader();
            dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException("updating the event spill file " + path + " failed", e);
        }
    }

    /** Forces appended records to the device, if any were written since the last call. */
    synchronized void sync() {
        try {
            force();
        } catch (UncheckedIOException e) {
            log.warn("event spill file {}: fsync failed: {}", path, e.getCause().getMessage());
        }
    }

    /**
     * Forces appended records to the device now, whatever the fsync policy, if any were written since the last
     * force: the records of a completion-aware send count as spilled only after this returns.
     *
     * @throws UncheckedIOException if the fsync fails, or the file is closed
     */
    synchronized void force() {
        if (closed) {
            throw new UncheckedIOException(new IOException("the event spill file " + path + " is closed"));
        }
        if (!dirty) {
            return;
        }
        try {
            channel.force(false);
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("forcing the event spill file " + path + " to disk failed", e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (fsync != EmitterConfig.FsyncPolicy.NEVER) {
            sync();
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing the event spill file {} failed: {}", path, e.getMessage());
        }
    }

    private void writeHeader() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        h.putInt(MAGIC).putInt(VERSION).putLong(replayedTo).flip();
        long at = 0;
        while (h.hasRemaining()) {
            at += channel.write(h, at);
        }
    }

    private void readFully(ByteBuffer buf, long pos) throws IOException {
        long at = pos;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) {
                throw new IOException("unexpected end of " + path + " at offset " + at);
            }
            at += n;
        }
    }

    private void truncateQuietly(long to) {
        try {
            channel.truncate(to);
        } catch (IOException e) {
            log.debug("truncating {} after a failed append", path, e);
        }
    }

    private static int crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return (int) c.getValue();
    }

    static byte[] encode(OutboundRecord r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(r.value().length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(r.topic());
            out.writeShort(r.headers().size());
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                out.writeUTF(h.getKey());
                byte[] v = h.getValue().getBytes(StandardCharsets.UTF_8);
                out.writeInt(v.length);
                out.write(v);
            }
            out.writeInt(r.value().length);
            out.write(r.value());
            if (r.key() != null) {
                out.writeInt(r.key().length);
                out.write(r.key());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream
        }
        return bytes.toByteArray();
    }

    static OutboundRecord decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            String topic = in.readUTF();
            int n = in.readUnsignedShort();
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String k = in.readUTF();
                byte[] v = new byte[in.readInt()];
                in.readFully(v);
                headers.put(k, new String(v, StandardCharsets.UTF_8));
            }
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            byte[] key = null;
            if (in.available() > 0) {
                key = new byte[in.readInt()];
                in.readFully(key);
            }
            return new OutboundRecord(topic, key, headers, value);
        }
    }
}
