package doppel.find;

import doppel.progress.Progress;
import java.util.Objects;

/**
 * What every request builder of {@code doppel.find} takes: where progress goes. The builders extend it as far as
 * they share settings: {@link EncodingsSearchBuilder} (saved encodings, encoder, threshold: a query), then
 * {@link ScanBuilder} (datasets scanned: find, leak, merge). Every setter returns the concrete builder.
 *
 * @param <B> the concrete builder
 */
public abstract class RequestBuilder<B extends RequestBuilder<B>> {
    Progress progress = Progress.NONE;

    RequestBuilder() {
    }

    abstract B self();

    /** Where progress is reported (default: nowhere). */
    public B progress(Progress progress) {
        this.progress = Objects.requireNonNull(progress);
        return self();
    }
}
