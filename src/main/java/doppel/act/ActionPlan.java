package doppel.act;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The file operations of one run, computed before anything is touched so that it can be shown (dry run)
 * and journaled. Every destination lies inside {@link #targetDir()}.
 *
 * @param kind       move into a duplicates folder, delete (= move into the trash folder), or copy / hard-link
 *                   into a merged dataset (sources untouched)
 * @param runId      identifies the run in journal and trash names, e.g. {@code 20261123-141500-a3f9}
 * @param targetDir  the folder receiving the files and the journal (for deletes: the folder holding
 *                   {@code .trash/})
 * @param operations in execution order; an image comes before its sidecars, which share its group
 * @param sourceRoots the dataset roots the sources lie in; the journal records them, and undo restores files only
 *                    inside them
 */
public record ActionPlan(Kind kind, String runId, Path targetDir, List<Operation> operations, List<Path> sourceRoots) {

    /** What the run does with the files. */
    public enum Kind {
        /** Move to {@code targetDir/<dataset>/<relative path>}. */
        MOVE,
        /** Move to {@code targetDir/.trash/<run id>/<dataset>/<relative path>}; {@link Purge} removes them for good. */
        DELETE,
        /** Copy to {@code targetDir/<dataset>/<relative path>}; the source stays (dataset merge). */
        COPY,
        /** Hard-link like {@link #COPY}; where linking fails (another file system) the file is copied. */
        LINK;

        /** True for the kinds that leave their sources in place. */
        public boolean keepsSources() {
            return this == COPY || this == LINK;
        }
    }

    /**
     * One file to move.
     *
     * @param group       index of the removed image this file belongs to (sidecars share their image's)
     * @param src         absolute source path
     * @param dst         absolute destination, inside the target dir, free when planned
     * @param size        size in bytes when planned; a different size at run time means the file changed
     * @param mtimeMillis mtime when planned, checked likewise
     * @param sidecar     true for an annotation file moving with its image
     * @param sha256      for a copy, the source's SHA-256 taken earlier in this run (by the search), which the copy is
     *                    checked against instead of reading the source once more; null to take it when copying
     */
    public record Operation(int group, Path src, Path dst, long size, long mtimeMillis, boolean sidecar, String sha256) {
        public Operation {
            Objects.requireNonNull(src, "src");
            Objects.requireNonNull(dst, "dst");
        }
    }

    public ActionPlan {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(runId, "runId");
        targetDir = targetDir.toAbsolutePath().normalize();
        operations = List.copyOf(operations);
        sourceRoots = sourceRoots.stream().map(r -> r.toAbsolutePath().normalize()).distinct().toList();
        for (Operation op : operations) {
            if (!op.dst().normalize().startsWith(targetDir) || op.dst().normalize().equals(targetDir)) {
                throw new IllegalArgumentException("destination " + op.dst() + " is outside " + targetDir);
            }
            if (sourceRoots.stream().noneMatch(r -> op.src().normalize().startsWith(r))) {
                throw new IllegalArgumentException("source " + op.src() + " lies in none of the dataset roots");
            }
        }
    }

    /**
     * Where the journal goes by default: {@code targetDir/doppel-journal-<run id>.jsonl}; for copies and links
     * {@code targetDir/.doppel/doppel-journal-<run id>.jsonl}, because a folder holding a journal is not
     * scanned ({@link doppel.dataset.DatasetScanner}) and the merged tree is meant to be scanned.
     */
    public Path defaultJournal() {
        String name = "doppel-journal-" + runId + ".jsonl";
        return kind.keepsSources() ? targetDir.resolve(".doppel").resolve(name) : targetDir.resolve(name);
    }

    /** Total size of the planned files. */
    public long totalBytes() {
        return operations.stream().mapToLong(Operation::size).sum();
    }
}
