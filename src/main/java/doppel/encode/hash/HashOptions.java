package doppel.encode.hash;

import doppel.image.ImageLoader;

/**
 * Options of the hash and digest encoders.
 *
 * @param hashSize         "8" (the default, 64 bits), another side length "N", or "WxH" for W bits per row and H
 *                         rows (e.g. "64x32": a 2048-bit dhash); ignored by md5/sha256
 * @param compatImagededup decode and resize exactly as imagededup does (PIL full decode, Lanczos on RGB), so that
 *                         hashes equal imagededup's bit for bit; otherwise the fast path decodes only the grey
 *                         pixels the hash needs, at reduced size where the format allows
 * @param dihedral         also hash the 7 rotations/flips of each image (EncodedImage.variants)
 * @param workers          worker threads; 0 or less means one per available processor
 * @param maxPixels        decoders refuse images with more pixels than this (decompression bombs)
 */
public record HashOptions(String hashSize, boolean compatImagededup, boolean dihedral, int workers, long maxPixels) {
    /** The default hash size: 8, i.e. an 8x8 = 64-bit hash. */
    public static final String DEFAULT_HASH_SIZE = "8";

    public HashOptions {
        hashSize = hashSize == null || hashSize.isBlank() ? DEFAULT_HASH_SIZE : hashSize.strip();
        if (workers <= 0) {
            workers = Runtime.getRuntime().availableProcessors();
        }
        if (maxPixels <= 0) {
            maxPixels = ImageLoader.DEFAULT_MAX_PIXELS;
        }
    }

    /** 64-bit hashes, fast decoding, no variants, one worker per processor, PIL's pixel limit. */
    public static HashOptions defaults() {
        return new HashOptions(DEFAULT_HASH_SIZE, false, false, 0, ImageLoader.DEFAULT_MAX_PIXELS);
    }

    public HashOptions withHashSize(String size) {
        return new HashOptions(size, compatImagededup, dihedral, workers, maxPixels);
    }

    public HashOptions withCompatImagededup(boolean compat) {
        return new HashOptions(hashSize, compat, dihedral, workers, maxPixels);
    }

    public HashOptions withDihedral(boolean on) {
        return new HashOptions(hashSize, compatImagededup, on, workers, maxPixels);
    }

    public HashOptions withWorkers(int n) {
        return new HashOptions(hashSize, compatImagededup, dihedral, n, maxPixels);
    }

    public HashOptions withMaxPixels(long limit) {
        return new HashOptions(hashSize, compatImagededup, dihedral, workers, limit);
    }
}
