package doppel.cli;

import doppel.encode.EncoderSpec;
import doppel.search.HnswCosineSearch;
import doppel.search.PairSearch;
import doppel.search.PairSearches;
import picocli.CommandLine.Option;

/** --approximate and --hnsw-k on the searching commands: opt-in HNSW search for very large embedding sets. */
final class ApproximateOptions {
    @Option(names = "--approximate",
            description = "Embeddings only: search with an approximate HNSW index instead of the exact all-pairs "
                    + "search. Much faster on millions of images, but MAY MISS PAIRS (every pair it reports is "
                    + "real, with its exact score). Hashes always use the exact search.")
    boolean approximate;

    @Option(names = "--hnsw-k", paramLabel = "N", defaultValue = "" + HnswCosineSearch.DEFAULT_K,
            description = "With --approximate: neighbours looked at per image (default: ${DEFAULT-VALUE}); "
                    + "pairs beyond an image's N nearest are missed.")
    int hnswK;

    /** Rejects a bad --hnsw-k before any encoding work. */
    void validate() {
        if (hnswK < 1) {
            throw new UsageException("--hnsw-k must be at least 1, not " + hnswK);
        }
    }

    /** The search for {@code spec}, approximate when asked. */
    PairSearch search(EncoderSpec spec, EncoderOptions encoder) {
        validate();
        return PairSearches.forSpec(spec, encoder.workerCount(), encoder.deviceName(), approximate, hnswK);
    }

    /** Text for the summary line: empty for an exact search, else what makes it approximate. */
    static String note(PairSearch search) {
        return search instanceof HnswCosineSearch h ? "; search " + h.describe() : "";
    }
}
