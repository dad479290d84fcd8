/**
 * Perceptual hashes (ahash, dhash, phash, whash) and content digests (md5, sha256):
 * {@link doppel.encode.hash.HashEncoders} creates a {@link doppel.encode.hash.HashEncoder};
 * {@link doppel.encode.hash.StagedDigestEncoder} finds exact duplicates reading only files whose size collides.
 */
package doppel.encode.hash;
