package doppel.act;

import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.io.Sha256;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reverses a run from its journal, also a run that was killed half-way.
 *
 * <p>The journal is read and checked by {@link Journal#read}: one that this user did not write for its
 * target, or with a record pointing outside that target or outside the run's datasets, is refused whole and
 * nothing is touched. Then operations are undone in reverse order, and a file is only acted on when it is
 * provably the run's own: the file at the destination must have the size and SHA-256 the intent recorded
 * before the move, and
 * <ul>
 *   <li>an operation the journal records as failed never owns its destination (a later run may have put an
 *       identical file there);</li>
 *   <li>a move confirmed by {@code done} (or, across file systems, {@code copied} with the temp copy renamed
 *       away since) is restored when its
 *       source spot is free; when the spot holds an identical file the copy at the destination is removed,
 *       when it holds a different file the moved one is restored beside it with a "~N" name;</li>
 *   <li>an unconfirmed move (killed before {@code done}) happened exactly when its source is gone and the
 *       destination holds its content; with the source still there it never happened and the destination
 *       is left alone (a second name of the same inode, left by a kill inside a rename, is removed);</li>
 *   <li>temp copies of a killed cross-file-system move are removed while their source is intact; temp names
 *       undo itself uses across file systems are journaled ({@code undo-tmp}) before they are created, and
 *       the next undo removes them while the file they copy is still intact at the destination.</li>
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
     * @throws IllegalArgumentException with a one-line reason when the journal is refused (nothing changed)
     * @throws UncheckedIOException when the journal cannot be appended to
     */
    public static ActionReport undo(Path journal, boolean dryRun, PrintStream out) {
        Journal.Log log = Journal.read(journal);
        List<Integer> order = new ArrayList<>(log.intents().keySet());
        java.util.Collections.reverse(order);
        List<String> problems = new ArrayList<>();
        int files = 0;
        int sidecars = 0;
        long bytes = 0;
        try (Journal j = dryRun ? null : Journal.append(journal)) {
            for (int seq : order) {
                if (log.finished().contains(seq)) {
                    continue;
                }
                Journal.Intent in = log.intents().get(seq);
                Step step = new Step(log, in, j, dryRun, out);
                String outcome;
                try {
                    outcome = step.run();
                } catch (IOException | RuntimeException e) {
                    step.problems.add("cannot restore " + in.src() + ": " + e.getMessage());
                    outcome = null;
                }
                problems.addAll(step.problems);
                if (step.restored) {
                    files++;
                    sidecars += in.sidecar() ? 1 : 0;
                    bytes += in.size();
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
                for (int i = log.mkdirs().size() - 1; i >= 0; i--) {
                    FileOps.deleteIfEmptyDir(log.mkdirs().get(i));
                }
                // Only now can the marker's folder be otherwise empty; that folder goes too if the run made it.
                Path marker = log.marker();
                if (marker != null && FileOps.deleteMarkerIfAlone(marker) && log.mkdirs().contains(marker.getParent())) {
                    FileOps.deleteIfEmptyDir(marker.getParent());
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
        private final Journal.Log log;
        private final Journal.Intent in;
        private final Journal journal;
        private boolean confirmed;
        private final boolean dryRun;
        private final PrintStream out;
        final List<String> problems = new ArrayList<>();
        boolean restored;
        Path restoredTo;
        private int suffix;

        Step(Journal.Log log, Journal.Intent in, Journal journal, boolean dryRun, PrintStream out) {
            this.log = log;
            this.in = in;
            this.journal = journal;
            this.confirmed = log.done().contains(in.seq());
            this.dryRun = dryRun;
            this.out = out;
        }

        /** Undoes the operation; returns the "undone" action to record, or null to leave it open. */
        String run() throws IOException {
            if (in.op().equals("copy") || in.op().equals("link")) {
                return removeCreated(in.op().equals("link"));
            }
            // A cross-file-system move journals "copied" right before renaming its verified temp copy into
            // place; with the temp name gone since, the rename happened and the file at dst is the run's.
            boolean tempLeft = in.tmp() != null && FileOps.attrs(in.tmp()) != null;
            confirmed |= log.copied().contains(in.seq()) && !tempLeft;
            if (!cleanUndoTemps() | !cleanRunTemp()) {
                return null;
            }
            if (log.failed().contains(in.seq())) {
                // The run recorded that the move did not happen: whatever is at dst is not the run's.
                return "never-moved";
            }
            Path src = in.src();
            Path dst = in.dst();
            BasicFileAttributes atDst = FileOps.attrs(dst);
            if (atDst == null) {
                if (!confirmed) {
                    return "never-moved";
                }
                // An undo killed after moving the file back but before its "undone" record: it is back already.
                for (Path back = src; FileOps.occupied(back); back = FileOps.withSuffix(src, ++suffix)) {
                    if (intact(back)) {
                        restoredTo = back;
                        return "restored";
                    }
                }
                problems.add("not found at " + dst + " (moved away?), cannot restore " + src);
                return null;
            }
            if (!holdsContent(dst, atDst)) {
                if (confirmed) {
                    problems.add(dst + " is no longer the file moved there (size or SHA-256 differ from the journal), "
                            + "left in place");
                    return null;
                }
                return "never-moved";
            }
            BasicFileAttributes atSrc = FileOps.attrs(src);
            if (atSrc == null) {
                // Confirmed, or unconfirmed but the source is gone and its content is at dst: the move happened.
                return restore(src);
            }
            if (Files.isSameFile(src, dst)) {
                // Killed between the link and the unlink of a no-replace rename: dst is a second name.
                out.println("remove second name " + dst + " of " + src);
                if (!dryRun) {
                    Files.delete(dst);
                }
                return "removed-second-name";
            }
            if (!confirmed) {
                return "never-moved";
            }
            if (atSrc.isRegularFile() && holdsContent(src, atSrc)) {
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

        /** True when {@code p} is a regular file with the size and SHA-256 the intent recorded. */
        private boolean holdsContent(Path p, BasicFileAttributes a) throws IOException {
            return a.isRegularFile() && a.size() == in.size() && Sha256.of(p).equals(in.sha256());
        }

        private boolean intact(Path p) throws IOException {
            BasicFileAttributes a = FileOps.attrs(p);
            return a != null && holdsContent(p, a);
        }

        private String restore(Path to) throws IOException {
            out.println("restore " + in.dst() + " -> " + to);
            if (!dryRun) {
                Files.createDirectories(to.getParent());
                Path tmp = null;
                if (!FileOps.sameFileSystem(in.dst(), to.getParent())) {
                    tmp = FileOps.freeName(to.resolveSibling(Journal.UNDO_TEMP_PREFIX + log.runId() + "-" + in.seq()),
                            Set.of());
                    ObjectNode t = Journal.record("undo-tmp");
                    t.put("seq", in.seq());
                    t.put("tmp", tmp.toString());
                    journal.write(t, true);
                }
                FileOps.move(in.dst(), to, tmp, in.size(), in.sha256(), () -> { });
            }
            restored = true;
            restoredTo = to;
            return "restored";
        }

        /**
         * Removes temp copies a killed earlier undo left beside the source, while the file they copy is still
         * intact at the destination. Returns false (with a problem) when one cannot be judged safely.
         */
        private boolean cleanUndoTemps() throws IOException {
            boolean ok = true;
            for (Path tmp : log.undoTemps().getOrDefault(in.seq(), List.of())) {
                BasicFileAttributes a = FileOps.attrs(tmp);
                if (a == null) {
                    continue;
                }
                if (a.isRegularFile() && intact(in.dst())) {
                    out.println("remove temp copy " + tmp);
                    if (!dryRun) {
                        Files.delete(tmp);
                    }
                } else {
                    problems.add("temp copy " + tmp + " left in place: " + in.dst() + " no longer holds the moved file");
                    ok = false;
                }
            }
            return ok;
        }

        /** Removes the temp copy of a killed cross-file-system move while its source is intact. */
        private boolean cleanRunTemp() throws IOException {
            Path tmp = in.tmp();
            BasicFileAttributes a = tmp == null ? null : FileOps.attrs(tmp);
            if (a == null) {
                return true;
            }
            if (a.isRegularFile() && intact(in.src())) {
                out.println("remove temp copy " + tmp);
                if (!dryRun) {
                    Files.delete(tmp);
                }
                return true;
            }
            problems.add("temp copy " + tmp + " left in place: " + in.src() + " is gone or changed");
            return false;
        }

        /**
         * Removes the copy or link the run created at {@code dst} if it is still exactly that. A file at
         * {@code dst} that is not (edited, replaced) is kept and reported: it may hold someone's work.
         */
        private String removeCreated(boolean link) throws IOException {
            Path tmp = in.tmp();
            BasicFileAttributes atTmp = tmp == null ? null : FileOps.attrs(tmp);
            if (atTmp != null && atTmp.isRegularFile()) {
                // Created CREATE_NEW under this run's unique temp name: an unfinished copy of a source that stays.
                out.println("remove temp copy " + tmp);
                if (!dryRun) {
                    Files.delete(tmp);
                }
            }
            if (log.failed().contains(in.seq())) {
                // The run recorded that nothing landed at dst; whatever is there is not the run's.
                return "never-created";
            }
            Path dst = in.dst();
            BasicFileAttributes atDst = FileOps.attrs(dst);
            if (atDst == null) {
                if (log.done().contains(in.seq())) {
                    out.println("already gone: " + dst);
                    return "already-gone";
                }
                return "never-created";
            }
            if (!atDst.isRegularFile()) {
                problems.add(dst + " is no longer the file the merge created, kept");
                return null;
            }
            if (link) {
                BasicFileAttributes atSrc = FileOps.attrs(in.src());
                boolean same = atSrc != null && atSrc.isRegularFile() && atDst.fileKey() != null
                        && atDst.fileKey().equals(atSrc.fileKey());
                if (!same) {
                    problems.add(dst + " is no longer a hard link to " + in.src() + ", kept");
                    return null;
                }
            } else if (!holdsContent(dst, atDst)) {
                problems.add(dst + " changed since the merge copied it (size or SHA-256 differ from the journal), kept");
                return null;
            }
            out.println("remove " + (link ? "link " : "copy ") + dst);
            if (!dryRun) {
                Files.delete(dst);
            }
            restored = true;
            return link ? "removed-link" : "removed-copy";
        }
    }
}
