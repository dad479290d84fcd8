package doppel.search;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncodedImage;
import doppel.encode.Fingerprint;
import java.nio.file.Path;
import java.util.List;

/** Builds encoded images for search tests (fingerprints are made in the tests, no files needed). */
final class Fixtures {
    static final Dataset REF = new Dataset("ref", Path.of("/data/ref"));
    static final Dataset NEW = new Dataset("new", Path.of("/data/new"));

    private Fixtures() {
    }

    static EncodedImage image(Dataset ds, String name, Fingerprint f) {
        return new EncodedImage(new ImageFile(ds, name, 1000, 0), f);
    }

    static EncodedImage image(Dataset ds, String name, Fingerprint f, List<Fingerprint> variants) {
        return new EncodedImage(new ImageFile(ds, name, 1000, 0), f, variants, 0, 0);
    }
}
