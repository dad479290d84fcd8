/**
 * CNN and CLIP embeddings with DJL's PyTorch engine: {@link doppel.encode.cnn.CnnEncoders} creates a
 * {@link doppel.encode.cnn.CnnEncoder} from {@link doppel.encode.cnn.CnnOptions}.
 */
package doppel.encode.cnn;
