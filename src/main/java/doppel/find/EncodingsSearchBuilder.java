package doppel.find;

import doppel.encode.EncoderChoice;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of every request that searches fingerprints ({@link QueryRequest.Builder}, and through
 * {@link ScanBuilder} those of find, leak and merge): saved encodings, the encoder and the threshold. Every setter
 * returns the concrete builder.
 *
 * @param <B> the concrete builder
 */
public abstract class EncodingsSearchBuilder<B extends EncodingsSearchBuilder<B>> extends RequestBuilder<B> {
    Encodings saved;
    EncoderChoice encoder;
    Double threshold;

    EncodingsSearchBuilder() {
    }

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
}
