package doppel.find;

import doppel.encode.EncoderChoice;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import doppel.progress.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings {@link FindRequest.Builder} and {@link QueryRequest.Builder} share: saved encodings, the encoder,
 * the threshold and where progress goes. Every setter returns the concrete builder.
 *
 * @param <B> the concrete builder
 */
public abstract class EncodingsSearchBuilder<B extends EncodingsSearchBuilder<B>> {
    Encodings saved;
    EncoderChoice encoder;
    Double threshold;
    Progress progress = Progress.NONE;

    EncodingsSearchBuilder() {
    }

    abstract B self();

    /**
     * Saved encodings. For a find with datasets, unchanged files are taken from them and their other datasets
     * are searched against (but not acted on); without datasets, the search runs on them alone. A query
     * searches them.
     */
    public B encodings(Encodings saved) {
        this.saved = saved;
        return self();
    }

    /** Reads and merges encodings files; see {@link #encodings(Encodings)}. */
    public B encodingsIn(Path... files) {
        List<Encodings> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(EncodingsIO.read(f));
        }
        return encodings(parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : Encodings.merge(parts));
    }

    /** The encoder and its parameters (default: the saved encodings' encoder, else pHash). */
    public B encoder(EncoderChoice choice) {
        this.encoder = choice;
        return self();
    }

    /** Max Hamming distance (hashes) or min cosine similarity (embeddings); null for the encoder's default. */
    public B threshold(Double threshold) {
        this.threshold = threshold;
        return self();
    }

    /** Where progress is reported (default: nowhere). */
    public B progress(Progress progress) {
        this.progress = Objects.requireNonNull(progress);
        return self();
    }
}
