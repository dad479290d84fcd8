package doppel.encode;

import java.nio.file.Path;

/**
 * Every parameter that selects and configures an encoder, as given on the command line or through the API.
 *
 * @param name             phash, dhash, ahash, whash, md5, sha256, cnn or clip
 * @param hashSize         "N" (NxN bits) or "WxH", for hash encoders
 * @param compatImagededup reproduce imagededup's values bit for bit (hash encoders)
 * @param dihedral         also fingerprint rotations and flips (hash encoders)
 * @param workers          decoding threads
 * @param maxPixels        pixel limit against decompression bombs
 * @param model            TorchScript model file for cnn/clip, or null for the default
 * @param modelUrl         remote model for cnn/clip ({@code djl://...} or {@code https://...}; needs the
 *                         network), or null; ignored when {@code model} is given
 * @param device           auto, cpu or gpu (cnn/clip)
 * @param batchSize        images per model call (cnn/clip)
 */
public record EncoderChoice(String name, String hashSize, boolean compatImagededup, boolean dihedral, int workers,
                            long maxPixels, Path model, String modelUrl, String device, int batchSize) {

    /** A choice without a remote model URL. */
    public EncoderChoice(String name, String hashSize, boolean compatImagededup, boolean dihedral, int workers,
                         long maxPixels, Path model, String device, int batchSize) {
        this(name, hashSize, compatImagededup, dihedral, workers, maxPixels, model, null, device, batchSize);
    }

    /**
     * The choice that makes fingerprints comparable with {@code spec}'s (hash size, imagededup decoding, the
     * dihedral variants), for checking saved fingerprints or a plan against the files. Embeddings use the
     * default model; the caller compares the created encoder's spec.
     */
    public static EncoderChoice forSpec(EncoderSpec spec, int workers) {
        return new EncoderChoice(spec.name(), spec.params().get("hash_size"),
                "imagededup".equals(spec.variantParams().get("decode")),
                "true".equals(spec.variantParams().get("dihedral")), workers,
                doppel.image.ImageLoader.DEFAULT_MAX_PIXELS, null, "auto", 32);
    }

    /** True for the embedding encoders, which need a model. */
    public boolean isEmbedding() {
        return EncoderRegistry.isKnown(name) && EncoderRegistry.get(name).kind() == EncoderRegistry.Kind.EMBEDDING;
    }
}
