package doppel.results;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * What was done (or is to be done) with the files to remove, recorded in the results file.
 *
 * @param mode    none, move or delete
 * @param target  absolute directory the duplicates were moved to (move only), else null
 * @param journal absolute path of the undo journal, or null when none was written
 */
public record ActionInfo(Mode mode, Path target, Path journal) {

    /** The action applied to the files to remove. */
    public enum Mode {
        /** Nothing was touched (report only). */
        NONE,
        /** Files were moved to {@link ActionInfo#target()}. */
        MOVE,
        /** Files were deleted. */
        DELETE;

        /** Lower-case spelling used in JSON and on the command line. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code none}, {@code move} or {@code delete} (any case). */
        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.jsonName().equalsIgnoreCase(text.strip())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown action mode '" + text + "' (use none, move or delete)");
        }
    }

    public ActionInfo {
        Objects.requireNonNull(mode, "mode");
        target = target == null ? null : target.toAbsolutePath().normalize();
        journal = journal == null ? null : journal.toAbsolutePath().normalize();
    }

    /** No action: the results only describe what was found. */
    public static ActionInfo none() {
        return new ActionInfo(Mode.NONE, null, null);
    }
}
