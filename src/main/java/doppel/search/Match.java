package doppel.search;

/**
 * A duplicate pair found by a search.
 *
 * @param a     index of the first image in the searched list ({@code a < b})
 * @param b     index of the second image
 * @param score Hamming distance (hashes) or cosine similarity (embeddings)
 */
public record Match(int a, int b, double score) {
}
