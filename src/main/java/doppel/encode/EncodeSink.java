package doppel.encode;

import doppel.dataset.ImageFile;
import doppel.dataset.SkippedFile;

/** Receives encoder results. Implementations must be thread-safe: encoders call it from worker threads. */
public interface EncodeSink {
    /** One image was encoded. */
    void encoded(EncodedImage image);

    /** One file could not be encoded; the run goes on. */
    void skipped(SkippedFile skipped);

    /**
     * The lower-case hex SHA-256 of the whole content of {@code file}, which the encoder read for its fingerprint
     * (content digests do): a run that records digests of kept and removed files takes it from here instead of
     * reading the file again. Encoders report it where they have it; sinks that need none ignore it.
     */
    default void contentSha256(ImageFile file, String sha256) {
    }
}
