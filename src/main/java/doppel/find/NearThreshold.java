package doppel.find;

/**
 * Whether find hashes the pairs of fast-decoded perceptual hashes just above the threshold again the imagededup way
 * ({@link CompatRecheck}), so that no pair imagededup finds is missed.
 */
public enum NearThreshold {
    /** Never: the fast hashes' pairs alone ({@code --compat none}). */
    FAST_ONLY,
    /**
     * For the hashes whose re-check is cheap ({@link CompatRecheck#CHEAP}: pHash, whose fast hashes stay within 2
     * bits of imagededup's): the default ({@link FindRequest#DEFAULT_NEAR_THRESHOLD}).
     */
    RECHECK_WHERE_CHEAP,
    /** For every fast-decoded perceptual hash ({@code --compat recheck}). */
    RECHECK
}
