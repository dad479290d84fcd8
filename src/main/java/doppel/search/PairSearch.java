package doppel.search;

import doppel.encode.EncodedImage;
import doppel.progress.Progress;
import java.util.List;

/**
 * Finds every pair of images within the threshold: exact, no pair missed. Implementations exist per
 * metric (Hamming for hashes and digests, cosine for embeddings). The one exception is the opt-in
 * {@link HnswCosineSearch}, labelled approximate: it reports only true pairs but can miss some. When images carry dihedral variants,
 * a pair's score is the best over the variants of either image.
 */
public interface PairSearch {
    /** Returns all matching pairs, each once with {@code a < b}, in no particular order. */
    List<Match> findPairs(List<EncodedImage> images, SearchOptions options, Progress progress);
}
