package doppel.spark;

import doppel.encode.Encoder;
import doppel.encode.hash.HashEncoders;
import doppel.encode.hash.HashOptions;

/**
 * Creates Doppel's hash encoders ({@link HashEncoders}) on the executors, one worker thread each: Spark
 * already runs one task per executor core.
 *
 * @param name             ahash, dhash, phash, whash, md5 or sha256
 * @param hashSize         "N" or "WxH" (perceptual hashes)
 * @param compatImagededup reproduce imagededup's values bit for bit
 * @param dihedral         also hash rotations and flips (the Spark search refuses such encodings for now)
 * @param maxPixels        pixel limit against decompression bombs
 */
public record HashEncoderFactory(String name, String hashSize, boolean compatImagededup, boolean dihedral,
                                 long maxPixels) implements EncoderFactory {
    private static final long serialVersionUID = 1L;

    /** Checks the name and size on the driver, so a typo fails before any task starts. */
    public HashEncoderFactory {
        HashEncoders.create(name, options(hashSize, compatImagededup, dihedral, maxPixels)).close();
    }

    @Override
    public Encoder create() {
        return HashEncoders.create(name, options(hashSize, compatImagededup, dihedral, maxPixels));
    }

    private static HashOptions options(String hashSize, boolean compat, boolean dihedral, long maxPixels) {
        return new HashOptions(hashSize, compat, dihedral, 1, maxPixels);
    }
}
