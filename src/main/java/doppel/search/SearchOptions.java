package doppel.search;

/**
 * What a search looks for.
 *
 * @param threshold maximum Hamming distance (inclusive) for hashes, minimum cosine similarity
 *                  (inclusive) for embeddings
 * @param crossOnly report only pairs whose two images belong to different datasets
 */
public record SearchOptions(double threshold, boolean crossOnly) {
}
