/**
 * Encoding with reuse of saved encodings: {@link doppel.pipeline.EncodePipeline}.
 */
package doppel.pipeline;
