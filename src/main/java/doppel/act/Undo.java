package doppel.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverses a run from its journal, also a run that was killed half-way.
 *
 * <p>Operations are undone in reverse order. For each one announced by an {@code intent} record (done or
 * not) the files are looked at, not the records trusted:
 * <ul>
 *   <li>file at its destination, source spot free: it is moved back (size checked against the journal);</li>
 *   <li>both present (a kill between copy and source delete, or someone put a file back): when they are
 *       identical the copy is removed and the source kept; when they differ the moved file is restored
 *       beside the source with a "~N" name and this is reported;</li>
 *   <li>a temp copy of a cross-file-system move: removed when identical to the still present source;</li>
 *   <li>nothing at the destination: for an intent without "done" the move never happened.</li>
 * </ul>
 * Nothing is overwritten. Each reversed operation gets an {@code undone} record in the same journal, so
 * running undo again does nothing; directories the run created are removed when empty, and so is the
 * duplicates marker it wrote when nothing but the marker and journals is left beside it.
 *
 * <p>Copies and hard links of a merge ({@code op} "copy" or "link") are undone by removing what the run
 * created, and only that: a copy only while its size and SHA-256 still equal the journal's (a copy edited
 * since is kept and reported), a link only while it is still the same file (inode) as its source, so
 * removing that name loses no data. A leftover temp copy of the run is removed. Sources are never touched.
 */
public final class Undo {
    private Undo() {
    }

    /**
     * Undoes the run recorded in {@code journal}.
     *
     * @param dryRun print what would be done ("restore B -> A") and change nothing
     * @param out    receives one line per action
     * @throws IllegalArgumentException when the file is not a doppel journal
     * @throws UncheckedIOException when the journal cannot be read or appended to
     */
    public static ActionReport undo(Path journal, boolean dryRun, PrintStream out) {
        List<JsonNode> records;
        try {
            records = Journal.read(journal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + journal + ": " + e.getMessage(), e);
        }
        JsonNode header = Journal.header(journal, records);
        Path target = Path.of(header.path("target").asText()).toAbsolutePath().normalize();
        Map<Integer, JsonNode> intents = new LinkedHashMap<>();
        Set<Integer> done = new HashSet<>();
        Set<Integer> failed = new HashSet<>();
        Set<Integer> finished = new HashSet<>();
        List<Path> createdDirs = new ArrayList<>();
        List<Path> markers = new ArrayList<>();
        for (JsonNode r : records) {
            int seq = r.path("seq").asInt(-1);
            switch (r.path("type").asText()) {
                case "intent" -> intents.put(seq, r);
                case "done" -> done.add(seq);
                case "failed" -> failed.add(seq);
                case "undone", "purged" -> finished.add(seq);
                case "mkdir" -> createdDirs.add(Path.of(r.path("path").asText()));
                case "marker" -> markers.add(Path.of(r.path("path").asText()));
                default -> {
                }
            }
        }
        List<Integer> order = new ArrayList<>(intents.keySet());
        java.util.Collections.reverse(order);
        List<String> problems = new ArrayList<>();
        int files = 0;
        int sidecars = 0;
        long bytes = 0;
        try (Journal j = dryRun ? null : Journal.append(journal)) {
            for (int seq : order) {
                if (finished.contains(seq)) {
                    continue;
                }
                JsonNode in = intents.get(seq);
                Step step = new Step(in, target, done.contains(seq), failed.contains(seq), dryRun, out);
                String outcome;
                try {
                    outcome = step.run();
                } catch (IOException | RuntimeException e) {
                    step.problems.add("cannot restore " + in.path("src").asText() + ": " + e.getMessage());
                    outcome = null;
                }
                problems.addAll(step.problems);
                if (step.restored) {
                    files++;
                    sidecars += in.path("sidecar").asBoolean() ? 1 : 0;
                    bytes += in.path("size").asLong();
                }
                if (outcome != null && j != null) {
                    ObjectNode u = Journal.record("undone");
                    u.put("seq", seq);
                    u.put("action", outcome);
                    if (step.restoredTo != null) {
                        u.put("to", step.restoredTo.toString());
                    }
                    j.write(u, true);
                }
            }
            if (!dryRun) {
                for (int i = createdDirs.size() - 1; i >= 0; i--) {
                    Path dir = createdDirs.get(i);
                    if (dir.normalize().startsWith(target)) {
                        FileOps.deleteIfEmptyDir(dir);
                    }
                }
                // Only now can the marker's folder be otherwise empty; that folder goes too if the run made it.
                for (Path marker : markers) {
                    if (marker.normalize().startsWith(target) && FileOps.deleteMarkerIfAlone(marker)
                            && createdDirs.contains(marker.getParent())) {
                        FileOps.deleteIfEmptyDir(marker.getParent());
                    }
                }
                ObjectNode end = Journal.record("undo-end");
                end.put("time", OffsetDateTime.now().toString());
                end.put("files", files);
                end.put("problems", problems.size());
                j.write(end, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to journal " + journal + ": " + e.getMessage(), e);
        }
        return new ActionReport(files, bytes, problems, sidecars, List.of());
    }

    /** The undo of one operation. */
    private static final class Step {
        private final JsonNode intent;
        private final Path src;
        private final Path dst;
        private final Path tmp;
        private final Path target;
        private final boolean wasDone;
        private final boolean wasFailed;
        private final boolean dryRun;
        private final PrintStream out;
        final List<String> problems = new ArrayList<>();
        boolean restored;
        Path restoredTo;

        Step(JsonNode intent, Path target, boolean wasDone, boolean wasFailed, boolean dryRun, PrintStream out) {
            this.intent = intent;
            this.src = Path.of(intent.path("src").asText());
            this.dst = Path.of(intent.path("dst").asText());
            this.tmp = intent.hasNonNull("tmp") ? Path.of(intent.path("tmp").asText()) : null;
            this.target = target;
            this.wasDone = wasDone;
            this.wasFailed = wasFailed;
            this.dryRun = dryRun;
            this.out = out;
        }

        /** Undoes the operation; returns the "undone" action to record, or null to leave it open. */
        String run() throws IOException {
            if (!dst.normalize().startsWith(target) || (tmp != null && !tmp.normalize().startsWith(target))) {
                problems.add("refusing journal entry outside " + target + ": " + dst);
                return null;
            }
            String op = intent.path("op").asText();
            if (op.equals("copy") || op.equals("link")) {
                return removeCreated(op.equals("link"));
            }
            if (tmp != null && FileOps.occupied(tmp)) {
                handleTemp();
            }
            BasicFileAttributes atDst = FileOps.attrs(dst);
            if (atDst == null) {
                if (wasDone) {
                    problems.add("not found at " + dst + " (moved away?), cannot restore " + src);
                    return null;
                }
                return "never-moved";
            }
            long size = intent.path("size").asLong(-1);
            if (!atDst.isSymbolicLink() && atDst.size() != size) {
                problems.add(dst + " changed since it was moved (size " + atDst.size() + ", was " + size
                        + "), left in place");
                return null;
            }
            if (!FileOps.occupied(src)) {
                return restore(src);
            }
            if (FileOps.identical(src, dst)) {
                out.println("remove copy " + dst + " (identical to " + src + ")");
                if (!dryRun) {
                    Files.delete(dst);
                }
                return "removed-identical-copy";
            }
            Path beside = FileOps.freeName(src, Set.of());
            problems.add(src + " is taken by a different file; restored beside it as " + beside.getFileName());
            return restore(beside);
        }

        private String restore(Path to) throws IOException {
            out.println("restore " + dst + " -> " + to);
            if (!dryRun) {
                Files.createDirectories(to.getParent());
                Path restoreTmp = to.resolveSibling(".doppel-undo-" + to.getFileName());
                String sha = intent.hasNonNull("sha256") ? intent.path("sha256").asText() : null;
                FileOps.move(dst, to, FileOps.freeName(restoreTmp, Set.of()), Files.size(dst), sha);
            }
            restored = true;
            restoredTo = to;
            return "restored";
        }

        /**
         * Removes the copy or link the run created at {@code dst} if it is still exactly that. A file at
         * {@code dst} that is not (edited, replaced) is kept and reported: it may hold someone's work.
         */
        private String removeCreated(boolean link) throws IOException {
            if (tmp != null && FileOps.occupied(tmp)) {
                // Created CREATE_NEW under this run's unique temp name: an unfinished copy of ours.
                out.println("remove temp copy " + tmp);
                if (!dryRun) {
                    Files.delete(tmp);
                }
            }
            if (wasFailed) {
                // The run recorded that nothing landed at dst; whatever is there is not the run's.
                return "never-created";
            }
            BasicFileAttributes atDst = FileOps.attrs(dst);
            if (atDst == null) {
                if (wasDone) {
                    out.println("already gone: " + dst);
                    return "already-gone";
                }
                return "never-created";
            }
            if (!atDst.isRegularFile()) {
                problems.add(dst + " is no longer the file the merge created, kept");
                return null;
            }
            long size = intent.path("size").asLong(-1);
            if (link) {
                BasicFileAttributes atSrc = FileOps.attrs(src);
                boolean same = atSrc != null && atSrc.isRegularFile() && atDst.fileKey() != null
                        && atDst.fileKey().equals(atSrc.fileKey());
                if (!same) {
                    problems.add(dst + " is no longer a hard link to " + src + ", kept");
                    return null;
                }
            } else {
                String sha = intent.path("sha256").asText("");
                if (atDst.size() != size || !FileOps.sha256Hex(dst).equals(sha)) {
                    problems.add(dst + " changed since the merge copied it (size or SHA-256 differ from the journal), kept");
                    return null;
                }
            }
            out.println("remove " + (link ? "link " : "copy ") + dst);
            if (!dryRun) {
                Files.delete(dst);
            }
            restored = true;
            return link ? "removed-link" : "removed-copy";
        }

        /** A temp copy left by a killed cross-file-system move. */
        private void handleTemp() throws IOException {
            if (FileOps.occupied(src) && FileOps.identical(src, tmp)) {
                out.println("remove temp copy " + tmp);
                if (!dryRun) {
                    Files.delete(tmp);
                }
            } else {
                problems.add("temp copy " + tmp + " differs from " + src + " or the source is gone; left in place");
            }
        }
    }
}
