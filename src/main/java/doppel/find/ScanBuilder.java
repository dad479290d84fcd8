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

    /** A find builder with every setting of this builder: the find a leak check or a merge runs. */
    FindRequest.Builder find() {
        return FindRequest.builder().scanOptions(scanOptions).encodings(saved).encoder(encoder).threshold(threshold)
                .approximate(approximate, hnswK).progress(progress);
    }
}
