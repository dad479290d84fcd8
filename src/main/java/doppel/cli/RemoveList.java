package doppel.cli;

import doppel.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code find --remove-list FILE}: the absolute path of every file to remove, one per line, in group order, like
 * imagededup's {@code find_duplicates_to_remove}, for people who pipe into their own scripts.
 */
final class RemoveList {
    private RemoveList() {
    }

    /** Writes the list (atomically) and returns how many paths it holds. */
    static int write(List<Path> toRemove, Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path removed : toRemove) {
            String path = removed.toAbsolutePath().normalize().toString();
            if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
                // A line-based list cannot hold it; the results file (--out) can.
                throw new UsageException("--remove-list: a file to remove has a line break in its name: "
                        + path.replaceAll("[\r\n]", "?") + " (use --out or --plan-out)");
            }
            text.append(path).append('\n');
        }
        AtomicWrite.writeString(file, text.toString());
        return toRemove.size();
    }
}
