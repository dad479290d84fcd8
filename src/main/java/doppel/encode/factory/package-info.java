/**
 * Creating encoders: {@link doppel.encode.factory.Encoders#create} makes the encoder an
 * {@link doppel.encode.EncoderChoice} names, hash ({@link doppel.encode.hash}) or embedding ({@link doppel.encode.cnn}).
 * It lives apart from {@link doppel.encode} so that the encoder interfaces know none of their implementations
 * (no package cycle).
 */
package doppel.encode.factory;
