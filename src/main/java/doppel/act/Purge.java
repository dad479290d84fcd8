package doppel.act;

import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.io.Sha256;
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
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code doppel purge JOURNAL}: removes for good the files a completed delete run put into the trash
 * ({@code <target>/.trash/<run id>/}). The journal is checked by {@link Journal#read} (written by this user for
 * its target, a plain run id, every record inside the run's trash); only files it lists as moved, not undone
 * and still of the recorded size and SHA-256 are deleted; each gets a {@code purged} record, after which undo can no longer restore it.
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
        Journal.Log log = Journal.read(journal);
        if (!"delete".equals(log.kind())) {
            throw new IllegalArgumentException("not the journal of a delete run: " + journal
                    + " (moved files are kept; remove them yourself)");
        }
        if (!log.complete()) {
            throw new IllegalArgumentException("the run of " + journal
                    + " did not finish; undo it (doppel undo) instead of purging");
        }
        Path trash = log.destinationRoot();
        List<String> problems = new ArrayList<>();
        int files = 0;
        long bytes = 0;
        try (Journal j = dryRun ? null : Journal.append(journal)) {
            for (Journal.Intent in : log.intents().values()) {
                int seq = in.seq();
                if (!log.done().contains(seq) || log.finished().contains(seq)) {
                    continue;
                }
                Path dst = in.dst();
                BasicFileAttributes a = FileOps.attrs(dst);
                if (a == null) {
                    problems.add("already gone: " + dst);
                } else if (!a.isRegularFile() || a.size() != in.size() || !Sha256.of(dst).equals(in.sha256())) {
                    problems.add(dst + " is no longer the file the run put in the trash (size or SHA-256 differ), kept");
                } else {
                    out.println("purge " + dst);
                    if (!dryRun) {
                        Files.delete(dst);
                        ObjectNode p = Journal.record("purged");
                        p.put("seq", seq);
                        j.write(p, true);
                    }
                    files++;
                    bytes += in.size();
                }
            }
            if (!dryRun) {
                removeEmptyDirs(trash);
                FileOps.deleteIfEmptyDir(trash.getParent());
                if (log.marker() != null) {
                    FileOps.deleteMarkerIfAlone(log.marker());
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
            dirs = s.filter(d -> Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path d : dirs) {
            FileOps.deleteIfEmptyDir(d);
        }
    }
}
