package doppel.encode.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.encode.Fingerprint;
import doppel.dataset.SkippedFile;
import doppel.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Size, then leading bytes, then the full digest: the same equalities as full digests, fewer bytes read. */
class StagedDigestEncoderTest {
    @TempDir
    Path tmp;

    private ImageFile write(Dataset d, String name, byte[] content) throws Exception {
        Path p = d.root().resolve(name);
        Files.write(p, content);
        return new ImageFile(d, name, content.length, Files.getLastModifiedTime(p).toMillis());
    }

    @Test
    void fingerprintsAreEqualExactlyForIdenticalFiles() throws Exception {
        Dataset d = new Dataset("D", tmp);
        Random r = new Random(3);
        byte[] big = new byte[StagedDigestEncoder.PARTIAL_BYTES * 3];
        r.nextBytes(big);
        byte[] sameHeadOtherTail = big.clone();
        sameHeadOtherTail[big.length - 1] ^= 1;
        byte[] otherHead = big.clone();
        otherHead[0] ^= 1;
        byte[] small = new byte[100];
        r.nextBytes(small);
        byte[] smallOther = small.clone();
        smallOther[50] ^= 1;
        byte[] unique = new byte[777];
        r.nextBytes(unique);
        List<ImageFile> files = List.of(write(d, "big.jpg", big), write(d, "big-copy.jpg", big),
                write(d, "tail.jpg", sameHeadOtherTail), write(d, "head.jpg", otherHead),
                write(d, "small.jpg", small), write(d, "small-copy.jpg", small), write(d, "small-other.jpg", smallOther),
                write(d, "unique.jpg", unique), write(d, "empty.jpg", new byte[0]));
        Map<String, byte[]> content = new HashMap<>();
        for (ImageFile f : files) {
            content.put(f.relativePath(), Files.readAllBytes(f.path()));
        }

        for (String algorithm : List.of("md5", "sha256")) {
            HashEncoder full = HashEncoders.create(algorithm, HashOptions.defaults());
            Encoder staged = StagedDigestEncoder.wrap(full, true);
            assertTrue(staged instanceof StagedDigestEncoder);
            assertEquals(full.spec(), staged.spec());
            Map<String, Fingerprint> prints = new HashMap<>();
            List<String> skipped = new ArrayList<>();
            staged.encode(files, new EncodeSink() {
                @Override
                public synchronized void encoded(EncodedImage image) {
                    prints.put(image.file().relativePath(), image.fingerprint());
                }

                @Override
                public synchronized void skipped(SkippedFile file) {
                    skipped.add(file.relativePath() + ": " + file.reason());
                }
            }, Progress.NONE);
            assertEquals(List.of("empty.jpg: zero-byte file"), skipped, "zero-byte files are skipped as before");
            assertEquals(files.size() - 1, prints.size());
            for (String x : prints.keySet()) {
                for (String y : prints.keySet()) {
                    boolean same = Arrays.equals(content.get(x), content.get(y));
                    assertEquals(same, prints.get(x).equals(prints.get(y)), algorithm + ": " + x + " vs " + y);
                }
            }
            // Where the full digest was computed it is the real one.
            assertEquals(full.encodeOne(files.get(0)).fingerprint(), prints.get("big.jpg"));
            assertNotEquals(full.encodeOne(files.get(7)).fingerprint(), prints.get("unique.jpg"),
                    "a file of unique size is never read");
        }
    }

    @Test
    void perceptualHashesAreNotWrapped() {
        HashEncoder phash = HashEncoders.create("phash", HashOptions.defaults());
        assertEquals(phash, StagedDigestEncoder.wrap(phash, true));
    }
}
