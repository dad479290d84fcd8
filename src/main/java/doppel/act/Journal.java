package doppel.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal of a run: one JSON object per line, appended and fsync'ed, so that after a crash it tells
 * exactly which files may have moved. Record types:
 * <ul>
 *   <li>{@code header}: tool, version, run id, kind (move/delete/copy/link), target dir, cwd, time, command;</li>
 *   <li>{@code mkdir}: a directory the run created (undo removes it again when empty);</li>
 *   <li>{@code marker}: the duplicates marker file a move or delete run created (path);</li>
 *   <li>{@code intent}: written and fsync'ed before a file is touched: seq, op (move, delete, copy, link),
 *       src, dst, size, mtime, sidecar, and for copies (also moves across file systems) sha256 and the temp
 *       name tmp; a later intent with the same seq supersedes an earlier one (a link that fell back to a
 *       copy);</li>
 *   <li>{@code done} / {@code failed}: the operation's outcome;</li>
 *   <li>{@code problem}: a file left alone, with the reason;</li>
 *   <li>{@code end}: the run finished (files, bytes, problems);</li>
 *   <li>{@code undone}, {@code undo-end}, {@code purged}, {@code purge-end}: written by undo and purge.</li>
 * </ul>
 * A reader ignores a last line cut off by a crash.
 */
final class Journal implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final FileChannel channel;

    private Journal(FileChannel channel) {
        this.channel = channel;
    }

    /** Creates a new journal; fails if the file exists. */
    static Journal create(Path file) throws IOException {
        return new Journal(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    /** Opens an existing journal for appending, first ending a line cut off by a crash. */
    static Journal append(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long size = ch.size();
        ch.position(size);
        if (size > 0) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            if (last.get(0) != '\n') {
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
        }
        return new Journal(ch);
    }

    /** A new record of the given type. */
    static ObjectNode record(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    /** Appends a record; with {@code sync} it is on disk when this returns. */
    void write(ObjectNode record, boolean sync) throws IOException {
        byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        if (sync) {
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.force(false);
        channel.close();
    }

    /**
     * Reads all records; an IllegalArgumentException when the file does not exist. Lines that do not parse are skipped: a crash can cut the last line, and the line
     * after it (written by a later undo) starts fresh.
     */
    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        // Decoded leniently: a cut-off line may end inside a multi-byte character.
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such journal: " + file);
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                if (n != null && n.isObject()) {
                    out.add(n);
                }
            } catch (IOException e) {
                // a cut-off line: the operation it announced never started (intents are synced first)
            }
        }
        return out;
    }

    /** The header record, or an IllegalArgumentException when the file is no doppel journal. */
    static JsonNode header(Path file, List<JsonNode> records) {
        if (records.isEmpty() || !"header".equals(records.get(0).path("type").asText())
                || !"doppel".equals(records.get(0).path("tool").asText())) {
            throw new IllegalArgumentException("not a doppel journal: " + file);
        }
        return records.get(0);
    }
}
