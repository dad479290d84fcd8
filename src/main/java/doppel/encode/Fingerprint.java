package doppel.encode;

/**
 * What an {@link Encoder} computes for one image: a bit string compared by Hamming distance
 * ({@link BitHash}, also used for content digests) or a float vector compared by cosine similarity
 * ({@link Embedding}).
 */
public sealed interface Fingerprint permits BitHash, Embedding {
}
