package doppel.encode.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.encode.Fingerprint;
import doppel.dataset.SkippedFile;
import doppel.io.Sha256;
import doppel.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size, then leading bytes, then the full digest: the same equalities as full digests, fewer bytes read, and the
 * SHA-256 of every file read whole taken in the same read. Real files in a temp folder.
 */
class StagedDigestEncoderTest {
    @TempDir
    Path tmp;

    private ImageFile write(Dataset d, String name, byte[] content) throws Exception {
        Path p = d.root().resolve(name);
        Files.write(p, content);
        return new ImageFile(d, name, content.length, Files.getLastModifiedTime(p).toMillis());
    }

    /** What one encoding run reported. */
    private record Reported(Map<String, Fingerprint> prints, Map<String, String> sha256, List<String> skipped) {
    }

    private static Reported encode(Encoder encoder, List<ImageFile> files) {
        Reported r = new Reported(new HashMap<>(), new HashMap<>(), new ArrayList<>());
        encoder.encode(files, new EncodeSink() {
            @Override
            public synchronized void encoded(EncodedImage image) {
                r.prints().put(image.file().relativePath(), image.fingerprint());
            }

            @Override
            public synchronized void skipped(SkippedFile file) {
                r.skipped().add(file.relativePath() + ": " + file.reason());
            }

            @Override
            public synchronized void contentSha256(ImageFile file, String sha256) {
                assertNull(r.sha256().put(file.relativePath(), sha256), "reported once: " + file.relativePath());
            }
        }, Progress.NONE);
        return r;
    }

    /**
     * Three files of one size (two identical, one differing only past the leading bytes), one of that size with
     * other leading bytes, three small files of one size (two identical), one of a size of its own, one empty.
     */
    private List<ImageFile> mixedFiles(Dataset d) throws Exception {
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
        return List.of(write(d, "big.jpg", big), write(d, "big-copy.jpg", big),
                write(d, "tail.jpg", sameHeadOtherTail), write(d, "head.jpg", otherHead),
                write(d, "small.jpg", small), write(d, "small-copy.jpg", small), write(d, "small-other.jpg", smallOther),
                write(d, "unique.jpg", unique), write(d, "empty.jpg", new byte[0]));
    }

    @Test
    void fingerprintsAreEqualExactlyForIdenticalFiles() throws Exception {
        Dataset d = new Dataset("D", tmp);
        List<ImageFile> files = mixedFiles(d);
        Map<String, byte[]> content = new HashMap<>();
        for (ImageFile f : files) {
            content.put(f.relativePath(), Files.readAllBytes(f.path()));
        }

        for (String algorithm : List.of("md5", "sha256")) {
            HashEncoder full = HashEncoders.create(algorithm, HashOptions.defaults());
            Encoder staged = StagedDigestEncoder.wrap(full, true);
            assertTrue(staged instanceof StagedDigestEncoder);
            assertEquals(full.spec(), staged.spec());
            Reported r = encode(staged, files);
            assertEquals(List.of("empty.jpg: zero-byte file"), r.skipped(), "zero-byte files are skipped as before");
            assertEquals(files.size() - 1, r.prints().size());
            for (String x : r.prints().keySet()) {
                for (String y : r.prints().keySet()) {
                    boolean same = Arrays.equals(content.get(x), content.get(y));
                    assertEquals(same, r.prints().get(x).equals(r.prints().get(y)), algorithm + ": " + x + " vs " + y);
                }
            }
            // Where the full digest was computed it is the real one (md5: searched only, the SHA-256 stands for it).
            if (algorithm.equals("sha256")) {
                assertEquals(full.encodeOne(files.get(0)).fingerprint(), r.prints().get("big.jpg"));
                assertEquals(full.encodeOne(files.get(4)).fingerprint(), r.prints().get("small.jpg"));
            }
            assertNotEquals(full.encodeOne(files.get(7)).fingerprint(), r.prints().get("unique.jpg"),
                    "a file of unique size is never read");
        }
    }

    @Test
    void onlyFilesWhoseSizeAndLeadingBytesCollideAreReadWholeAndTheirSha256IsTheRealOne() throws Exception {
        Dataset d = new Dataset("D", tmp);
        List<ImageFile> files = mixedFiles(d);
        // Scanned, then gone: a run that opened it would report it unreadable.
        Files.delete(d.root().resolve("unique.jpg"));
        for (String algorithm : List.of("md5", "sha256")) {
            Reported r = encode(StagedDigestEncoder.wrap(HashEncoders.create(algorithm, HashOptions.defaults()), true), files);
            assertEquals(List.of("empty.jpg: zero-byte file"), r.skipped(), algorithm + ": unique.jpg is never opened");
            assertTrue(r.prints().containsKey("unique.jpg"));
            // head.jpg is read only up to its leading bytes, which differ from the others'; every other file of a
            // colliding size is read whole, and its SHA-256 comes out of that one read.
            assertEquals(Set.of("big.jpg", "big-copy.jpg", "tail.jpg", "small.jpg", "small-copy.jpg", "small-other.jpg"),
                    r.sha256().keySet(), algorithm);
            for (Map.Entry<String, String> e : r.sha256().entrySet()) {
                assertEquals(Sha256.of(d.root().resolve(e.getKey())), e.getValue(), algorithm + ": " + e.getKey());
            }
        }
    }

    @Test
    void encodingsToSaveGetEveryFilesRealDigestAndTheSha256WhereAPartnerIsPossible() throws Exception {
        Dataset d = new Dataset("D", tmp);
        List<ImageFile> files = mixedFiles(d);
        for (String algorithm : List.of("md5", "sha256")) {
            HashEncoder full = HashEncoders.create(algorithm, HashOptions.defaults());
            Reported r = encode(StagedDigestEncoder.wrap(full, false), files);
            assertEquals(List.of("empty.jpg: zero-byte file"), r.skipped());
            for (ImageFile f : files.subList(0, files.size() - 1)) {
                assertEquals(full.encodeOne(f).fingerprint(), r.prints().get(f.relativePath()), algorithm + ": " + f);
            }
            // For md5 the SHA-256 costs a second digest, taken only where the size collides; sha256 has it anyway.
            Set<String> expected = new java.util.HashSet<>(Set.of("big.jpg", "big-copy.jpg", "tail.jpg", "head.jpg",
                    "small.jpg", "small-copy.jpg", "small-other.jpg"));
            if (algorithm.equals("sha256")) {
                expected.add("unique.jpg");
            }
            assertEquals(expected, r.sha256().keySet(), algorithm);
            for (Map.Entry<String, String> e : r.sha256().entrySet()) {
                assertEquals(Sha256.of(d.root().resolve(e.getKey())), e.getValue(), algorithm + ": " + e.getKey());
            }
        }
    }

    @Test
    void filesEndingWithTheirHeadAreDigestedFromItAndAVanishedFileIsSkippedWithTheUsualReason() throws Exception {
        Dataset d = new Dataset("D", tmp);
        byte[] head = new byte[StagedDigestEncoder.PARTIAL_BYTES];
        new Random(5).nextBytes(head);
        byte[] longer = Arrays.copyOf(head, head.length + 1);
        byte[] longerOther = longer.clone();
        longerOther[head.length] ^= 1;
        List<ImageFile> files = List.of(write(d, "head.jpg", head), write(d, "head-copy.jpg", head),
                write(d, "longer.jpg", longer), write(d, "longer-other.jpg", longerOther),
                write(d, "gone.jpg", longer), write(d, "gone-too.jpg", head));
        Files.delete(d.root().resolve("gone.jpg"));
        Files.delete(d.root().resolve("gone-too.jpg"));
        HashEncoder full = HashEncoders.create("sha256", HashOptions.defaults());
        for (boolean searchOnly : List.of(true, false)) {
            Reported r = encode(StagedDigestEncoder.wrap(full, searchOnly), files);
            // the reason the encoders that read whole files give (ImageLoader.readBytes)
            assertEquals(Set.of("gone.jpg: unreadable file: no such file", "gone-too.jpg: unreadable file: no such file"),
                    Set.copyOf(r.skipped()), "searchOnly " + searchOnly);
            for (String name : List.of("head.jpg", "head-copy.jpg", "longer.jpg", "longer-other.jpg")) {
                assertEquals(full.encodeOne(files.stream().filter(f -> f.relativePath().equals(name)).findFirst().orElseThrow())
                        .fingerprint(), r.prints().get(name), "searchOnly " + searchOnly + ": " + name);
            }
        }
    }

    @Test
    void perceptualHashesAreNotWrapped() {
        HashEncoder phash = HashEncoders.create("phash", HashOptions.defaults());
        assertEquals(phash, StagedDigestEncoder.wrap(phash, true));
    }
}
