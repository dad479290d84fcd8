/**
 * Fingerprints of image files: the {@link doppel.encode.Encoder} interface, {@link doppel.encode.factory.Encoders} (creates
 * the encoder an {@link doppel.encode.EncoderChoice} names), {@link doppel.encode.EncoderSpec} (what an encoder
 * computes) and the fingerprint types {@link doppel.encode.BitHash} and {@link doppel.encode.Embedding}.
 */
package doppel.encode;
