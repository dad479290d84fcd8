package doppel.act;

import doppel.dataset.ImageFile;
import doppel.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;

/**
 * The one home of the checks a file must pass right before Doppel moves or deletes it as a duplicate, used by
 * {@code find --move-to/--delete} ({@link ActionPlanner#reasonToLeave}) and {@code apply} ({@link PlanFile}):
 * <ol>
 *   <li>its kept image exists as a regular file (no link) of the recorded size (and mtime, where recorded) and,
 *       where a digest was recorded, the same SHA-256: a kept image swapped for another photo does not count;</li>
 *   <li>the kept image is not itself being removed, and is not the very same file under another name;</li>
 *   <li>the file is a regular file, no symbolic link, inside its dataset root also with links resolved, and,
 *       where a digest was recorded, still has that SHA-256 (same size and mtime but other content is refused);</li>
 *   <li>where a {@link PairCheck} is given, the pair's {@link RemovalProof} holds when proven again from the files
 *       now ({@link PairProofs}: fingerprinted within the threshold, or verified geometrically).</li>
 * </ol>
 * A file that is missing now is not judged here: the runner reports it as vanished.
 */
public final class RemovalCheck {
    private RemovalCheck() {
    }

    /**
     * A planned removal.
     *
     * @param file       the file to remove, with its size and mtime when planned
     * @param sha256     its SHA-256 when planned (lower-case hex), or null when not recorded
     * @param kept       the image kept for it, with its size and mtime when planned ({@code mtimeMillis} &lt; 0: not
     *                   recorded)
     * @param keptSha256 the kept image's SHA-256 when planned, or null when not recorded
     * @param proof      what proves the file a duplicate of its kept image
     */
    public record Removal(ImageFile file, String sha256, ImageFile kept, String keptSha256, RemovalProof proof) {
        public Removal {
            Objects.requireNonNull(proof, "proof");
        }
    }

    /** Confirms from the files themselves that a removal's proof still holds. */
    @FunctionalInterface
    public interface PairCheck {
        /** Null when the removal's {@link Removal#proof()} holds when proven again now, else why not (one line). */
        String whyNotProven(Removal removal);
    }

    /**
     * Why the removal must not happen (a one-line reason naming the file), or null when it may.
     *
     * @param removed every file planned for removal in this run (absolute, normalized), to catch a kept image that
     *                goes too
     * @param pairs   proves the pair again, or null where the caller has just proven it from both files itself
     */
    public static String reasonToLeave(Removal r, Set<Path> removed, PairCheck pairs) {
        ImageFile file = r.file();
        ImageFile kept = r.kept();
        Path path = file.path();
        Path keptPath = kept.path();
        BasicFileAttributes k = FileOps.attrs(keptPath);
        if (k == null || !k.isRegularFile() || k.size() != kept.size()
                || (kept.mtimeMillis() >= 0 && k.lastModifiedTime().toMillis() != kept.mtimeMillis())) {
            return path + ": its kept image " + keptPath + " is missing or changed since it was scanned; "
                    + "it may be the last copy, left in place";
        }
        if (removed.contains(keptPath.toAbsolutePath().normalize())) {
            return path + ": its kept image " + keptPath + " is to be removed too; it may be the last copy, left in place";
        }
        BasicFileAttributes a = FileOps.attrs(path);
        if (a == null) {
            return null;
        }
        try {
            if (Files.isSameFile(path, keptPath)) {
                return path + ": the same file as its kept image " + keptPath + ", left in place";
            }
            if (a.isSymbolicLink()) {
                return path + ": a symbolic link, left in place";
            }
            if (!a.isRegularFile()) {
                return path + ": not a regular file, left in place";
            }
            if (!path.toRealPath().startsWith(file.dataset().root().toRealPath())) {
                return path + ": lies outside its dataset root " + file.dataset().root()
                        + " through a linked folder, left in place";
            }
            if (r.sha256() != null && !Sha256.of(path).equals(r.sha256())) {
                return path + ": its content differs from the plan's SHA-256, left in place";
            }
            if (r.keptSha256() != null && !Sha256.of(keptPath).equals(r.keptSha256())) {
                return path + ": its kept image " + keptPath + " differs from the plan's SHA-256 (replaced?); "
                        + "it may be the last copy, left in place";
            }
        } catch (IOException e) {
            return path + ": cannot check (" + e.getMessage() + "), left in place";
        }
        if (pairs != null) {
            String why = pairs.whyNotProven(r);
            if (why != null) {
                return path + ": " + why + ", left in place";
            }
        }
        return null;
    }
}
