package doppel.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code doppel purge JOURNAL}: removes for good the files a completed delete run put into the trash
 * ({@code <target>/.trash/<run id>/}). Only files the journal lists as moved, not undone and still of the
 * recorded size are deleted; each gets a {@code purged} record, after which undo can no longer restore it.
 * Journals of move runs are refused: moved files are meant to be kept. The duplicates marker the run wrote is
 * removed when nothing but journals is left beside it.
 */
public final class Purge {
    private Purge() {
    }

    /** Purges the trash of the delete run recorded in {@code journal}. */
    public static ActionReport purge(Path journal) {
        return purge(journal, false, new PrintStream(OutputStream.nullOutputStream()));
    }

    /**
     * Purges, or with {@code dryRun} only prints "purge X" lines.
     *
     * @throws IllegalArgumentException when the journal is not a completed delete run's journal
     */
    public static ActionReport purge(Path journal, boolean dryRun, PrintStream out) {
        List<JsonNode> records;
        try {
            records = Journal.read(journal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + journal + ": " + e.getMessage(), e);
        }
        JsonNode header = Journal.header(journal, records);
        if (!"delete".equals(header.path("kind").asText())) {
            throw new IllegalArgumentException("not the journal of a delete run: " + journal
                    + " (moved files are kept; remove them yourself)");
        }
        Path target = Path.of(header.path("target").asText()).toAbsolutePath().normalize();
        Path trash = target.resolve(".trash").resolve(header.path("run").asText());
        Map<Integer, JsonNode> intents = new LinkedHashMap<>();
        Set<Integer> done = new HashSet<>();
        Set<Integer> finished = new HashSet<>();
        boolean complete = false;
        for (JsonNode r : records) {
            int seq = r.path("seq").asInt(-1);
            switch (r.path("type").asText()) {
                case "intent" -> intents.put(seq, r);
                case "done" -> done.add(seq);
                case "undone", "purged" -> finished.add(seq);
                case "end" -> complete = true;
                default -> {
                }
            }
        }
        if (!complete) {
            throw new IllegalArgumentException("the run of " + journal
                    + " did not finish; undo it (doppel undo) instead of purging");
        }
        List<String> problems = new ArrayList<>();
        int files = 0;
        long bytes = 0;
        try (Journal j = dryRun ? null : Journal.append(journal)) {
            for (Map.Entry<Integer, JsonNode> e : intents.entrySet()) {
                int seq = e.getKey();
                if (!done.contains(seq) || finished.contains(seq)) {
                    continue;
                }
                Path dst = Path.of(e.getValue().path("dst").asText()).normalize();
                long size = e.getValue().path("size").asLong(-1);
                BasicFileAttributes a = FileOps.attrs(dst);
                if (!dst.startsWith(trash)) {
                    problems.add("refusing to purge outside the trash: " + dst);
                } else if (a == null) {
                    problems.add("already gone: " + dst);
                } else if (!a.isSymbolicLink() && a.size() != size) {
                    problems.add(dst + " changed in the trash (size " + a.size() + ", was " + size + "), kept");
                } else {
                    out.println("purge " + dst);
                    if (!dryRun) {
                        Files.delete(dst);
                        ObjectNode p = Journal.record("purged");
                        p.put("seq", seq);
                        j.write(p, true);
                    }
                    files++;
                    bytes += size;
                }
            }
            if (!dryRun) {
                removeEmptyDirs(trash);
                FileOps.deleteIfEmptyDir(trash.getParent());
                for (JsonNode r : records) {
                    if ("marker".equals(r.path("type").asText())) {
                        Path marker = Path.of(r.path("path").asText()).normalize();
                        if (marker.startsWith(target)) {
                            FileOps.deleteMarkerIfAlone(marker);
                        }
                    }
                }
                ObjectNode end = Journal.record("purge-end");
                end.put("time", OffsetDateTime.now().toString());
                end.put("files", files);
                end.put("bytes", bytes);
                j.write(end, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("purge of " + journal + " failed: " + e.getMessage(), e);
        }
        return new ActionReport(files, bytes, problems);
    }

    private static void removeEmptyDirs(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(root)) {
            dirs = s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path d : dirs) {
            FileOps.deleteIfEmptyDir(d);
        }
    }
}
