package doppel.encode;

import doppel.dataset.SkippedFile;

/** Receives encoder results. Implementations must be thread-safe: encoders call it from worker threads. */
public interface EncodeSink {
    /** One image was encoded. */
    void encoded(EncodedImage image);

    /** One file could not be encoded; the run goes on. */
    void skipped(SkippedFile skipped);
}
