package doppel.find;

import doppel.encode.EncoderChoice;
import doppel.encodings.Encodings;
import doppel.progress.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Query} looks up: new images (files or folders) against saved encodings, built like
 * {@link FindRequest}:
 *
 * <pre>{@code
 * QueryRequest request = QueryRequest.builder()
 *         .images(Path.of("new.jpg"))
 *         .encodingsIn(Path.of("train.json"))
 *         .top(10)
 *         .build();
 * }</pre>
 */
public final class QueryRequest {
    private final List<Path> images;
    private final Encodings saved;
    private final EncoderChoice encoder;
    private final Double threshold;
    private final int top;
    private final Progress progress;

    private QueryRequest(Builder b) {
        images = List.copyOf(b.images);
        saved = b.saved;
        encoder = b.encoder;
        threshold = b.threshold;
        top = b.top;
        progress = b.progress;
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no query images");
        }
        if (saved == null) {
            throw new IllegalArgumentException("no saved encodings to query");
        }
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, not " + top);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The query images: files, or folders searched recursively. */
    public List<Path> images() {
        return images;
    }

    /** The saved encodings queried. */
    public Encodings saved() {
        return saved;
    }

    /** The encoder for the query images: the one set, else the one that made the saved encodings. */
    public EncoderChoice encoder() {
        return FindRequest.encoderFor(encoder, saved);
    }

    /** The threshold set, or null for the encoder's default. */
    public Double threshold() {
        return threshold;
    }

    /** At most this many duplicates per query image, nearest first. */
    public int top() {
        return top;
    }

    public Progress progress() {
        return progress;
    }

    /** Builds a {@link QueryRequest}; every setter returns the builder. */
    public static final class Builder extends EncodingsSearchBuilder<Builder> {
        private final List<Path> images = new ArrayList<>();
        private int top = 10;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Query image files or folders. */
        public Builder images(Path... paths) {
            return images(Arrays.asList(paths));
        }

        /** As {@link #images(Path...)}. */
        public Builder images(List<Path> paths) {
            images.addAll(paths);
            return this;
        }

        /** The saved encodings to query. */
        @Override
        public Builder encodings(Encodings saved) {
            return super.encodings(Objects.requireNonNull(saved));
        }

        /** At most this many duplicates per query image (default 10). */
        public Builder top(int top) {
            this.top = top;
            return this;
        }

        public QueryRequest build() {
            return new QueryRequest(this);
        }
    }
}
