package doppel.act;

import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.dataset.DatasetScanner;
import doppel.io.Sha256;
import doppel.progress.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Carries out an {@link ActionPlan} so that nothing is ever lost:
 * <ul>
 *   <li>a dry run only prints the plan and changes nothing (no journal, no folders);</li>
 *   <li>every operation is announced in the fsync'ed journal ({@code intent}, with the file's size and
 *       SHA-256 taken before it is touched, and any temp name it will use) and confirmed ({@code done} or
 *       {@code failed}) after, so {@link Undo} can reverse even a killed run and move back only files that
 *       are provably the run's own; the journal always lies in the target as doppel-journal-&lt;run&gt;.jsonl,
 *       where undo looks for it;</li>
 *   <li>within a file system a file is renamed (no-replace); across file systems it is copied to a temp
 *       name beside the destination, fsync'ed, verified by size and SHA-256, given the source's mode, times
 *       and (where permitted) owner, journaled as {@code copied}, renamed into place, and only then is the
 *       source deleted;</li>
 *   <li>every file left alone, every failed operation and a journal write that stops the run are
 *       {@link ActionReport#problems()}; callers exit non-zero when there is any;</li>
 *   <li>nothing is overwritten: a destination taken since planning gets a "~N" name;</li>
 *   <li>a source that vanished or changed since the scan is left alone, reported, and the run goes on;
 *       the sidecars of an image left alone stay with it;</li>
 *   <li>copies ({@link ActionPlan.Kind#COPY}) go to a temp name beside the destination, are fsync'ed and
 *       checked against the source's SHA-256, which the intent records before the copy starts, so that undo
 *       can tell an unchanged copy from one edited since; hard links ({@link ActionPlan.Kind#LINK}) fall
 *       back to such a copy, with a note, where the file system refuses the link;</li>
 *   <li>a move or delete run writes the {@value DatasetScanner#DUPLICATES_MARKER} marker into its target
 *       dir (journaled), so later scans of a dataset holding that dir do not find the moved files again.</li>
 * </ul>
 * Only the plan's sources and files inside the target dir are touched; copies and links never change or
 * remove a source.
 */
public final class ActionRunner {
    private ActionRunner() {
    }

    /** Runs the plan, recording the JVM's command line ({@code sun.java.command}) in the journal header. */
    public static ActionReport run(ActionPlan plan, Path journal, boolean dryRun, PrintStream planOut, Progress progress) {
        return run(plan, journal, dryRun, planOut, progress, System.getProperty("sun.java.command", ""));
    }

    /**
     * Runs the plan.
     *
     * @param journal  the journal file to create, or null for {@link ActionPlan#defaultJournal()}; must not exist
     * @param dryRun   print "move A -> B" (or copy, link, delete) lines to {@code planOut} and touch nothing
     * @param planOut  receives the plan in a dry run
     * @param progress advanced once per file
     * @param command  the command line to record in the journal header
     * @throws UncheckedIOException when the target dir or the journal cannot be created (nothing was moved)
     */
    public static ActionReport run(ActionPlan plan, Path journal, boolean dryRun, PrintStream planOut,
                                   Progress progress, String command) {
        return dryRun ? dryRun(plan, planOut) : new Execution(plan, journal == null ? plan.defaultJournal() : journal,
                progress, command).run();
    }

    private static ActionReport dryRun(ActionPlan plan, PrintStream out) {
        List<String> problems = new ArrayList<>();
        int files = 0;
        long bytes = 0;
        String verb = switch (plan.kind()) {
            case MOVE -> "move ";
            case DELETE -> "delete (to trash) ";
            case COPY -> "copy ";
            case LINK -> "link ";
        };
        int sidecars = 0;
        for (ActionPlan.Operation op : plan.operations()) {
            BasicFileAttributes a = FileOps.attrs(op.src());
            if (a == null) {
                problems.add("missing: " + op.src());
                continue;
            }
            out.println(verb + op.src() + " -> " + op.dst());
            files++;
            bytes += op.size();
            sidecars += op.sidecar() ? 1 : 0;
        }
        return new ActionReport(files, bytes, problems, sidecars, List.of());
    }

    private static String progressLabel(ActionPlan.Kind kind) {
        return switch (kind) {
            case MOVE -> "moving";
            case DELETE -> "deleting";
            case COPY -> "copying";
            case LINK -> "linking";
        };
    }

    /** One real run; holds the journal and the bookkeeping. */
    private static final class Execution {
        private final ActionPlan plan;
        private final Path journalPath;
        private final Progress progress;
        private final String command;
        private final List<String> problems = new ArrayList<>();
        private final Set<Integer> leftGroups = new HashSet<>();
        private final Set<Path> taken = new HashSet<>();
        private Journal journal;
        private int files;
        private int sidecars;
        private long bytes;
        private int linkFallbacks;
        private String linkFallbackReason;

        Execution(ActionPlan plan, Path journalPath, Progress progress, String command) {
            this.plan = plan;
            this.journalPath = journalPath.toAbsolutePath().normalize();
            // Undo trusts a journal only where it names itself: in its target, as doppel-journal-<run id>.jsonl.
            if (!this.journalPath.equals(plan.defaultJournal())) {
                throw new IllegalArgumentException("the journal of run " + plan.runId() + " goes to "
                        + plan.defaultJournal() + ", not " + journalPath);
            }
            this.progress = progress;
            this.command = command;
        }

        ActionReport run() {
            Path target = plan.targetDir();
            try {
                List<Path> created = createDirectories(target);
                created.addAll(createDirectories(journalPath.getParent()));
                journal = Journal.create(journalPath);
                ObjectNode h = Journal.record("header");
                h.put("tool", "doppel");
                String version = ActionRunner.class.getPackage().getImplementationVersion();
                h.put("version", version == null ? "dev" : version);
                h.put("journal_version", Journal.VERSION);
                h.put("run", plan.runId());
                h.put("kind", plan.kind().name().toLowerCase(java.util.Locale.ROOT));
                h.put("target", target.toString());
                var roots = h.putArray("datasets");
                plan.sourceRoots().forEach(r -> roots.add(r.toString()));
                h.put("cwd", Path.of("").toAbsolutePath().toString());
                h.put("time", OffsetDateTime.now().toString());
                h.put("command", command);
                journal.write(h, true);
                for (Path dir : created) {
                    ObjectNode m = Journal.record("mkdir");
                    m.put("path", dir.toString());
                    journal.write(m, false);
                }
                if (!plan.kind().keepsSources()) {
                    writeMarker(target);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the journal " + journalPath + ": " + e.getMessage(), e);
            }
            progress.start(progressLabel(plan.kind()), plan.operations().size());
            try (Journal j = journal) {
                int seq = 0;
                for (ActionPlan.Operation op : plan.operations()) {
                    seq++;
                    execute(seq, op);
                    progress.step(1);
                }
                ObjectNode end = Journal.record("end");
                end.put("files", files);
                end.put("bytes", bytes);
                end.put("problems", problems.size());
                j.write(end, true);
            } catch (IOException e) {
                // The journal itself failed: stop at once, since further moves could not be undone.
                problems.add("journal write failed, run stopped: " + e.getMessage());
            } finally {
                progress.close();
            }
            List<String> notes = linkFallbacks == 0 ? List.of()
                    : List.of(linkFallbacks + " file" + (linkFallbacks == 1 ? "" : "s")
                            + " copied instead of hard-linked (" + linkFallbackReason + ")");
            return new ActionReport(files, bytes, problems, sidecars, notes);
        }

        /**
         * Marks the target as a folder of moved duplicates (see {@link DatasetScanner}); journaled first, so
         * undo can remove it again. An existing marker belongs to an earlier run and is left alone.
         */
        private void writeMarker(Path target) throws IOException {
            Path marker = target.resolve(DatasetScanner.DUPLICATES_MARKER);
            if (FileOps.occupied(marker)) {
                return;
            }
            ObjectNode m = Journal.record("marker");
            m.put("path", marker.toString());
            journal.write(m, true);
            try {
                Files.writeString(marker, "Files moved here by Doppel (see the doppel-journal-*.jsonl beside this file).\n"
                        + "Dataset scans skip this folder so that they do not find these files again.\n",
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                // created by someone else in between: theirs, and it marks the folder just as well
            }
        }

        private void execute(int seq, ActionPlan.Operation op) throws IOException {
            if (leftGroups.contains(op.group())) {
                problem(seq, op.src() + ": left in place with its image");
                return;
            }
            BasicFileAttributes a = FileOps.attrs(op.src());
            if (a == null) {
                leave(seq, op, op.src() + ": vanished since the scan");
                return;
            }
            if (a.size() != op.size() || a.lastModifiedTime().toMillis() != op.mtimeMillis()) {
                leave(seq, op, op.src() + ": changed since the scan (size or mtime), left in place");
                return;
            }
            Path dst = FileOps.freeName(op.dst(), taken);
            taken.add(dst);
            // Journaled before it is created, so that undo removes it again even after a kill right here.
            List<Path> missing = missingDirectories(dst.getParent());
            for (Path dir : missing) {
                ObjectNode m = Journal.record("mkdir");
                m.put("path", dir.toString());
                journal.write(m, dir == missing.get(missing.size() - 1));
            }
            for (Path dir : missing) {
                Files.createDirectory(dir);
            }
            if (plan.kind().keepsSources()) {
                if (plan.kind() == ActionPlan.Kind.LINK && link(seq, op, dst)) {
                    return;
                }
                copy(seq, op, dst);
                return;
            }
            boolean cross = !FileOps.sameFileSystem(op.src(), dst.getParent());
            String sha;
            try {
                // Taken before the move: undo moves back only a file that is still exactly this one.
                sha = Sha256.of(op.src());
            } catch (IOException e) {
                leave(seq, op, op.src() + ": not moved, cannot read it (" + e.getMessage() + ")");
                return;
            }
            Path tmp = cross ? dst.resolveSibling(Journal.RUN_TEMP_PREFIX + plan.runId() + "-" + seq) : null;
            writeIntent(seq, plan.kind() == ActionPlan.Kind.MOVE ? "move" : "delete", op, dst, sha, tmp);
            try {
                FileOps.move(op.src(), dst, tmp, op.size(), sha, () -> {
                    ObjectNode copied = Journal.record("copied");
                    copied.put("seq", seq);
                    journal.write(copied, true);
                });
            } catch (IOException | RuntimeException e) {
                failed(seq, op, e);
                return;
            }
            ObjectNode done = Journal.record("done");
            done.put("seq", seq);
            // Not synced: undo finds the file by looking, so a lost "done" costs nothing.
            journal.write(done, false);
            count(op);
        }

        private void count(ActionPlan.Operation op) {
            files++;
            bytes += op.size();
            sidecars += op.sidecar() ? 1 : 0;
        }

        /**
         * Hard-links {@code dst} to the source. Returns false, having touched nothing, when the file system
         * refuses the link for a reason a copy does not share (another file system, no hard links there).
         */
        private boolean link(int seq, ActionPlan.Operation op, Path dst) throws IOException {
            if (!FileOps.sameFileSystem(op.src(), dst.getParent())) {
                fallback("hard links cannot cross file systems");
                return false;
            }
            writeIntent(seq, "link", op, dst, null, null);
            try {
                Files.createLink(dst, op.src());
            } catch (FileAlreadyExistsException e) {
                failed(seq, op, e);
                return true;
            } catch (IOException | UnsupportedOperationException e) {
                // Nothing was created; the copy below gets its own intent with the same seq, which supersedes.
                fallback("the file system refused a hard link: " + e.getMessage());
                return false;
            }
            done(seq, op);
            return true;
        }

        private void fallback(String reason) {
            linkFallbacks++;
            if (linkFallbackReason == null) {
                linkFallbackReason = reason;
            }
        }

        /** Copies the source to {@code dst} through a verified temp copy; the source is only read. */
        private void copy(int seq, ActionPlan.Operation op, Path dst) throws IOException {
            // A digest the search took in this run guards the copy as well as one taken now: a source changed since
            // fails the check after the copy and is reported, not copied.
            String sha = op.sha256();
            try {
                sha = sha != null ? sha : Sha256.of(op.src());
            } catch (IOException e) {
                leave(seq, op, op.src() + ": not copied, cannot read it (" + e.getMessage() + ")");
                return;
            }
            Path tmp = dst.resolveSibling(Journal.RUN_TEMP_PREFIX + plan.runId() + "-" + seq);
            writeIntent(seq, "copy", op, dst, sha, tmp);
            try {
                FileOps.copyVerified(op.src(), tmp, op.size(), sha);
                try {
                    FileOps.renameNoReplace(tmp, dst);
                } catch (IOException e) {
                    Files.deleteIfExists(tmp);
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                failed(seq, op, e);
                return;
            }
            done(seq, op);
        }

        private void writeIntent(int seq, String what, ActionPlan.Operation op, Path dst, String sha, Path tmp)
                throws IOException {
            ObjectNode intent = Journal.record("intent");
            intent.put("seq", seq);
            intent.put("op", what);
            intent.put("src", op.src().toString());
            intent.put("dst", dst.toString());
            intent.put("size", op.size());
            intent.put("mtime", op.mtimeMillis());
            intent.put("sidecar", op.sidecar());
            if (sha != null) {
                intent.put("sha256", sha);
            }
            if (tmp != null) {
                intent.put("tmp", tmp.toString());
            }
            journal.write(intent, true);
        }

        private void failed(int seq, ActionPlan.Operation op, Exception e) throws IOException {
            ObjectNode failed = Journal.record("failed");
            failed.put("seq", seq);
            failed.put("error", String.valueOf(e.getMessage()));
            journal.write(failed, true);
            String verb = switch (plan.kind()) {
                case MOVE, DELETE -> "moved";
                case COPY -> "copied";
                case LINK -> "linked";
            };
            leave(seq, op, op.src() + ": not " + verb + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }

        private void done(int seq, ActionPlan.Operation op) throws IOException {
            ObjectNode done = Journal.record("done");
            done.put("seq", seq);
            journal.write(done, false);
            count(op);
        }

        private void leave(int seq, ActionPlan.Operation op, String message) throws IOException {
            if (!op.sidecar()) {
                leftGroups.add(op.group());
            }
            problem(seq, message);
        }

        private void problem(int seq, String message) throws IOException {
            problems.add(message);
            ObjectNode p = Journal.record("problem");
            p.put("seq", seq);
            p.put("message", message);
            journal.write(p, false);
        }

        /** Creates {@code dir} and its missing parents; returns those created, outermost first. */
        private static List<Path> createDirectories(Path dir) throws IOException {
            List<Path> missing = missingDirectories(dir);
            for (Path d : missing) {
                Files.createDirectory(d);
            }
            return missing;
        }

        /** The folders of {@code dir}'s path that do not exist yet, outermost first. */
        private static List<Path> missingDirectories(Path dir) throws IOException {
            List<Path> missing = new ArrayList<>();
            for (Path d = dir; d != null && !Files.isDirectory(d); d = d.getParent()) {
                if (FileOps.occupied(d)) {
                    throw new IOException(d + " is a file, not a folder");
                }
                missing.add(0, d);
            }
            return missing;
        }
    }
}
