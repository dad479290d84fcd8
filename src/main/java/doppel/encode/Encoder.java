package doppel.encode;

import doppel.dataset.ImageFile;
import doppel.progress.Progress;
import java.util.List;

/**
 * Turns image files into fingerprints. Hashes, content digests and CNN/CLIP embeddings all implement
 * this interface, so datasets, encodings files, search and actions work the same for each.
 *
 * <p>An encoder owns its worker threads (and, for embeddings, its model) and is closed when done.
 * Files that cannot be decoded are reported to {@link EncodeSink#skipped} and never stop the run.
 */
public interface Encoder extends AutoCloseable {
    /** What this encoder computes; equal specs give equal fingerprints for equal files. */
    EncoderSpec spec();

    /**
     * Encodes every file, in any order, reporting each result exactly once to the sink and advancing the
     * progress by one per file. Returns when all files are done.
     *
     * @throws EncoderException when the encoder itself fails (model cannot run), not for a bad file
     */
    void encode(List<ImageFile> files, EncodeSink sink, Progress progress);

    /** Short note for the end summary, e.g. which device ran; empty by default. */
    default String runtimeNote() {
        return "";
    }

    @Override
    default void close() {
    }
}
