package doppel.search;

/** Which image of a duplicate group is kept; all others are the files to remove. Ties fall back to path order. */
public enum KeepPolicy {
    /** The image from the dataset given first (order of --dirs / encodings files). */
    FIRST_DIR,
    /** The image with the most pixels. */
    LARGEST,
    /** The biggest file in bytes. */
    BIGGEST,
    /** The file with the oldest modification time. */
    OLDEST;

    /** Parses the command-line spelling ({@code first-dir}, {@code largest}, {@code biggest}, {@code oldest}). */
    public static KeepPolicy parse(String text) {
        for (KeepPolicy p : values()) {
            if (p.cliName().equalsIgnoreCase(text.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown keep policy '" + text + "' (use first-dir, largest, biggest or oldest)");
    }

    /** The command-line spelling. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
