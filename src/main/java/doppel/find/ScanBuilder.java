package doppel.find;

import doppel.dataset.ScanOptions;
import doppel.search.HnswCosineSearch;
import java.util.Objects;

/**
 * The settings of every request that scans datasets and searches them ({@link FindRequest.Builder}, and the
 * requests built on a find: {@link LeakRequest.Builder}, {@link MergeRequest.Builder}): how datasets are scanned
 * and how embeddings are searched, on top of {@link EncodingsSearchBuilder}'s. Every setter returns the concrete
 * builder.
 *
 * @param <B> the concrete builder
 */
public abstract class ScanBuilder<B extends ScanBuilder<B>> extends EncodingsSearchBuilder<B> {
    ScanOptions scanOptions = new ScanOptions(true, true, false);
    boolean approximate;
    int hnswK = HnswCosineSearch.DEFAULT_K;
    NearThreshold nearThreshold = FindRequest.DEFAULT_NEAR_THRESHOLD;

    ScanBuilder() {
    }

    /** How datasets are scanned (data/ folder, annotation files, filters, symbolic links). */
    public B scanOptions(ScanOptions options) {
        this.scanOptions = Objects.requireNonNull(options);
        return self();
    }

    /** Embeddings only: an approximate HNSW search asking {@code k} neighbours per image (may miss pairs). */
    public B approximate(boolean approximate, int k) {
        this.approximate = approximate;
        this.hnswK = k;
        return self();
    }

    /**
     * Fast-decoded perceptual hashes only: also hash the images of the pairs a few bits above the threshold with
     * imagededup's decoding, so that no pair imagededup finds is missed: {@code true} for every such hash
     * ({@link NearThreshold#RECHECK}), {@code false} for none ({@link NearThreshold#FAST_ONLY}); unset,
     * {@link FindRequest#DEFAULT_NEAR_THRESHOLD}.
     */
    public B recheckNearThreshold(boolean recheck) {
        return nearThreshold(recheck ? NearThreshold.RECHECK : NearThreshold.FAST_ONLY);
    }

    /** When to re-check the pairs just above the threshold; {@link FindRequest#DEFAULT_NEAR_THRESHOLD} unless set. */
    public B nearThreshold(NearThreshold when) {
        this.nearThreshold = Objects.requireNonNull(when, "nearThreshold");
        return self();
    }

    /** A find builder with every setting of this builder: the find a leak check or a merge runs. */
    FindRequest.Builder find() {
        return FindRequest.builder().scanOptions(scanOptions).encodings(saved).encoder(encoder).threshold(threshold)
                .approximate(approximate, hnswK).nearThreshold(nearThreshold).progress(progress);
    }
}
