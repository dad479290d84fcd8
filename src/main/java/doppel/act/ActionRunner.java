package doppel.act;

import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.progress.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
 *   <li>every operation is announced in the fsync'ed journal ({@code intent}) before the file is
 *       touched and confirmed ({@code done}) after, so {@link Undo} can reverse even a killed run;</li>
 *   <li>within a file system a file is renamed (no-replace); across file systems it is copied to a temp
 *       name beside the destination, fsync'ed, verified by size and SHA-256, renamed into place, and only
 *       then is the source deleted;</li>
 *   <li>nothing is overwritten: a destination taken since planning gets a "~N" name;</li>
 *   <li>a source that vanished or changed since the scan is left alone, reported, and the run goes on;
 *       the sidecars of an image left alone stay with it.</li>
 * </ul>
 * Only the plan's sources and files inside the target dir are touched.
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
     * @param dryRun   print "move A -> B" lines to {@code planOut} and touch nothing
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
        String verb = plan.kind() == ActionPlan.Kind.MOVE ? "move " : "delete (to trash) ";
        for (ActionPlan.Operation op : plan.operations()) {
            BasicFileAttributes a = FileOps.attrs(op.src());
            if (a == null) {
                problems.add("missing: " + op.src());
                continue;
            }
            out.println(verb + op.src() + " -> " + op.dst());
            files++;
            bytes += op.size();
        }
        return new ActionReport(files, bytes, problems);
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
        private long bytes;

        Execution(ActionPlan plan, Path journalPath, Progress progress, String command) {
            this.plan = plan;
            this.journalPath = journalPath.toAbsolutePath().normalize();
            this.progress = progress;
            this.command = command;
        }

        ActionReport run() {
            Path target = plan.targetDir();
            try {
                List<Path> created = createDirectories(target);
                journal = Journal.create(journalPath);
                ObjectNode h = Journal.record("header");
                h.put("tool", "doppel");
                String version = ActionRunner.class.getPackage().getImplementationVersion();
                h.put("version", version == null ? "dev" : version);
                h.put("run", plan.runId());
                h.put("kind", plan.kind().name().toLowerCase(java.util.Locale.ROOT));
                h.put("target", target.toString());
                h.put("cwd", Path.of("").toAbsolutePath().toString());
                h.put("time", OffsetDateTime.now().toString());
                h.put("command", command);
                journal.write(h, true);
                for (Path dir : created) {
                    ObjectNode m = Journal.record("mkdir");
                    m.put("path", dir.toString());
                    journal.write(m, false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the journal " + journalPath + ": " + e.getMessage(), e);
            }
            progress.start(plan.kind() == ActionPlan.Kind.MOVE ? "moving" : "deleting", plan.operations().size());
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
            return new ActionReport(files, bytes, problems);
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
            for (Path dir : createDirectories(dst.getParent())) {
                ObjectNode m = Journal.record("mkdir");
                m.put("path", dir.toString());
                journal.write(m, false);
            }
            boolean cross = !FileOps.sameFileSystem(op.src(), dst.getParent());
            String sha = cross ? FileOps.sha256Hex(op.src()) : null;
            Path tmp = cross ? dst.resolveSibling(".doppel-tmp-" + plan.runId() + "-" + seq) : null;
            ObjectNode intent = Journal.record("intent");
            intent.put("seq", seq);
            intent.put("op", plan.kind() == ActionPlan.Kind.MOVE ? "move" : "delete");
            intent.put("src", op.src().toString());
            intent.put("dst", dst.toString());
            intent.put("size", op.size());
            intent.put("mtime", op.mtimeMillis());
            intent.put("sidecar", op.sidecar());
            if (cross) {
                intent.put("sha256", sha);
                intent.put("tmp", tmp.toString());
            }
            journal.write(intent, true);
            try {
                FileOps.move(op.src(), dst, tmp, op.size(), sha);
            } catch (IOException | RuntimeException e) {
                ObjectNode failed = Journal.record("failed");
                failed.put("seq", seq);
                failed.put("error", String.valueOf(e.getMessage()));
                journal.write(failed, true);
                leave(seq, op, op.src() + ": not moved (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                return;
            }
            ObjectNode done = Journal.record("done");
            done.put("seq", seq);
            // Not synced: undo finds the file by looking, so a lost "done" costs nothing.
            journal.write(done, false);
            files++;
            bytes += op.size();
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
            List<Path> missing = new ArrayList<>();
            for (Path d = dir; d != null && !Files.isDirectory(d); d = d.getParent()) {
                missing.add(0, d);
            }
            List<Path> created = new ArrayList<>();
            for (Path d : missing) {
                Files.createDirectory(d);
                created.add(d);
            }
            return created;
        }
    }
}
