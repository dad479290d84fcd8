package doppel.spark;

import doppel.encode.Encoder;
import java.io.Serializable;

/**
 * Creates the Doppel encoder on an executor. Spark serialises the factory, not the encoder: an encoder owns
 * threads (and, for embeddings, a model), so each task creates its own with {@link #create()} and closes it.
 */
@FunctionalInterface
public interface EncoderFactory extends Serializable {
    /** Creates a fresh encoder; called once per partition, on the executor. */
    Encoder create();
}
