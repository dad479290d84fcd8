package doppel.search;

import java.util.Locale;
import java.util.Map;

/**
 * Which image of a set of duplicates is kept; the images removed for it are its direct duplicates (see
 * {@link DuplicateFinder}). Ties fall back to dataset order, then path order.
 */
public enum KeepPolicy {
    /** The image from the dataset given first (order of --dirs / encodings files): a reference stays untouched. */
    FIRST_DIR("first-dir"),
    /** The image with the most pixels (then the bigger file: at equal size, the less compressed copy). */
    MOST_PIXELS("most-pixels"),
    /** The biggest file in bytes. */
    LARGEST_FILE("largest-file"),
    /** The smallest file in bytes. */
    SMALLEST_FILE("smallest-file"),
    /** The file with the oldest modification time (the original is usually older than its copies). */
    OLDEST("oldest"),
    /** The file with the newest modification time. */
    NEWEST("newest");

    /** Spellings of earlier versions: {@code largest} meant most pixels, {@code biggest} the biggest file. */
    private static final Map<String, KeepPolicy> ALIASES = Map.of("largest", MOST_PIXELS, "biggest", LARGEST_FILE);

    private final String cliName;

    KeepPolicy(String cliName) {
        this.cliName = cliName;
    }

    /** Parses the command-line spelling (case-insensitive), old aliases included. */
    public static KeepPolicy parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (KeepPolicy p : values()) {
            if (p.cliName.equals(t)) {
                return p;
            }
        }
        KeepPolicy alias = ALIASES.get(t);
        if (alias != null) {
            return alias;
        }
        throw new IllegalArgumentException("unknown keep policy '" + text + "' (use " + names() + ")");
    }

    /** The command-line spellings, comma-separated. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (KeepPolicy p : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(p.cliName);
        }
        return sb.toString();
    }

    /** The command-line spelling. */
    public String cliName() {
        return cliName;
    }
}
