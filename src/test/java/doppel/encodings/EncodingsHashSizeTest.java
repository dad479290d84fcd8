package doppel.encodings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import doppel.cli.CliTestImages;
import doppel.dataset.DatasetScanner;
import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import doppel.encode.BitHash;
import doppel.encode.EncoderChoice;
import doppel.encode.Encoder;
import doppel.encode.factory.Encoders;
import doppel.image.ImageLoader;
import doppel.pipeline.EncodePipeline;
import doppel.progress.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every hash size round-trips through an encodings file, also when its bits are not whole bytes. */
class EncodingsHashSizeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"phash,2", "phash,3", "phash,5", "phash,6", "phash,7", "phash,8", "phash,9", "dhash,3x5", "ahash,5",
            "ahash,7x3", "whash,8", "dhash,64x32", "phash,8:dihedral", "dhash,5:dihedral"})
    void encodingsOfEveryHashSizeReadBackEqual(String encoder, String size) throws IOException {
        Path dir = tmp.resolve("A");
        CliTestImages.writeScenes(dir, 3, 200, 150);
        boolean dihedral = size.endsWith(":dihedral");
        String hashSize = size.replace(":dihedral", "");
        ScanResult scan = new DatasetScanner(new ScanOptions(true, true, false)).scanDirs(List.of(dir));
        Encodings enc;
        try (Encoder e = Encoders.create(new EncoderChoice(encoder, hashSize, false, dihedral, 1,
                ImageLoader.DEFAULT_MAX_PIXELS, null, "cpu", 1))) {
            enc = EncodePipeline.run(scan.datasets(), scan.files(), scan.skipped(), e, null, Progress.NONE).encodings();
        }
        assertEquals(3, enc.images().size());
        Path file = tmp.resolve("enc.json");
        EncodingsIO.write(enc, file);
        Encodings back = EncodingsIO.read(file);
        assertEquals(enc, back);
        assertEquals(enc.spec().size(), ((BitHash) back.images().get(0).fingerprint()).bits());
    }
}
