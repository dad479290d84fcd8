package doppel.encodings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.Embedding;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encode.Fingerprint;
import doppel.dataset.SkippedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodingsTest {
    @TempDir
    Path tmp;

    private static final EncoderSpec PHASH = new EncoderSpec("phash", EncoderSpec.Metric.HAMMING, 64,
            Map.of("hash_size", "8"), Map.of("decoder", "opencv"));
    private static final EncoderSpec CNN = new EncoderSpec("cnn", EncoderSpec.Metric.COSINE, 3,
            Map.of("model", "mobilenet"), Map.of());

    private Dataset ds(String name, String root) {
        return new Dataset(name, tmp.resolve(root));
    }

    private static EncodedImage img(Dataset d, String rel, long size, long mtime, Fingerprint fp) {
        return new EncodedImage(new ImageFile(d, rel, size, mtime), fp);
    }

    /** Records compare files by value; fingerprints have equals; so whole Encodings compare directly. */
    @Test
    void hashesRoundTripWithVariantsAndSkipped() {
        Dataset cats = ds("cats", "cats");
        Dataset dogs = ds("dögs ü", "dogs");
        BitHash h = BitHash.of64(0xf0e1d2c3b4a59687L);
        Encodings enc = new Encodings(PHASH, List.of(cats, dogs), List.of(
                new EncodedImage(new ImageFile(cats, "data/a b.jpg", 123, 1_700_000_000_123L), h,
                        List.of(BitHash.of64(1), BitHash.of64(-1)), 640, 480),
                img(dogs, "new\nline.png", 5, 6, BitHash.of64(0))),
                List.of(new SkippedFile("cats", "bad.jpg", "zero-byte file")));
        Path file = tmp.resolve("out/deeper/enc.json");
        EncodingsIO.write(enc, file);
        assertEquals(enc, EncodingsIO.read(file));
        assertEquals(List.of(file), listDir(file.getParent()), "no temp file is left behind");
    }

    @Test
    void embeddingsRoundTripBitExactly() throws IOException {
        Dataset d = ds("d", "d");
        float[] v = {0.1f, -2.5e-8f, Float.MIN_VALUE};
        Encodings enc = new Encodings(CNN, List.of(d), List.of(new EncodedImage(new ImageFile(d, "x.jpg", 1, 2),
                Embedding.of(v), List.of(Embedding.of(new float[] {1, 2, 3})), 0, 0)), List.of());
        Path file = tmp.resolve("e.json");
        EncodingsIO.write(enc, file);
        assertEquals(enc, EncodingsIO.read(file));
        java.nio.ByteBuffer le = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        le.asFloatBuffer().put(v);
        String expected = java.util.Base64.getEncoder().encodeToString(le.array());
        assertTrue(expected.startsWith("zczMP"), "0.1f is 0x3DCCCCCD, little-endian CD CC CC 3D");
        assertTrue(Files.readString(file).contains("\"vector\":\"" + expected + "\""), Files.readString(file));
    }

    @Test
    void writeReplacesAnExistingFile() {
        Dataset d = ds("d", "d");
        Path file = tmp.resolve("e.json");
        EncodingsIO.write(new Encodings(PHASH, List.of(d), List.of(img(d, "1.jpg", 1, 1, BitHash.of64(1))), List.of()), file);
        Encodings second = new Encodings(PHASH, List.of(d), List.of(), List.of());
        EncodingsIO.write(second, file);
        assertEquals(second, EncodingsIO.read(file));
    }

    @Test
    void readsImagededupHexMap() throws IOException {
        Path file = tmp.resolve("phash_out.json");
        Files.writeString(file, "{\"a.jpg\": \"9f172786e71f1e00\", \"sub/b.jpg\": \"9f172786e71f1e01\", \"c.jpg\": null}");
        Encodings enc = EncodingsIO.read(file, PHASH);
        assertEquals(PHASH, enc.spec());
        assertEquals(new Dataset("phash_out", tmp), enc.datasets().get(0));
        assertEquals(BitHash.fromHex("9f172786e71f1e01"), enc.images().get(1).fingerprint());
        assertEquals("sub/b.jpg", enc.images().get(1).file().relativePath());
        assertEquals(-1, enc.images().get(1).file().size());
        assertEquals(List.of(new SkippedFile("phash_out", "c.jpg", "no encoding in phash_out.json")), enc.skipped());

        Files.writeString(file, "{\"a.jpg\": \"9f172786\"}");
        EncoderSpec spec = EncodingsIO.read(file).spec();
        assertEquals(new EncoderSpec("unknown", EncoderSpec.Metric.HAMMING, 32, Map.of(), Map.of()), spec);
    }

    @Test
    void readsImagededupFloatMap() throws IOException {
        Path file = tmp.resolve("cnn.json");
        Files.writeString(file, "{\"a.jpg\": [0.5, 1, -2e-3], \"b.jpg\": [0, 0, 1]}");
        Encodings enc = EncodingsIO.read(file, CNN);
        assertEquals(CNN, enc.spec());
        assertEquals(Embedding.of(new float[] {0.5f, 1f, -2e-3f}), enc.images().get(0).fingerprint());
        Files.writeString(file, "{\"a.jpg\": [0.5, 1], \"b.jpg\": [0, 0, 1]}");
        EncodingsException e = assertThrows(EncodingsException.class, () -> EncodingsIO.read(file));
        assertTrue(e.getMessage().contains("cnn.json"), e.getMessage());
    }

    @Test
    void badFilesGiveOneLineErrorsNamingTheFile() throws IOException {
        Path missing = tmp.resolve("missing.json");
        assertEquals("cannot read " + missing + ": no such file",
                assertThrows(EncodingsException.class, () -> EncodingsIO.read(missing)).getMessage());
        for (String content : List.of("[1,2]", "{\"format\": \"other\"}", "{\"a\": {\"x\": 1}}", "{\"a\": \"zz\"",
                "{\"format\":\"doppel-encodings\",\"version\":2}", "")) {
            Path f = tmp.resolve("bad.json");
            Files.writeString(f, content);
            EncodingsException e = assertThrows(EncodingsException.class, () -> EncodingsIO.read(f), content);
            assertTrue(e.getMessage().startsWith("cannot read " + f), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void mergeRefusesIncomparableSpecs() {
        EncoderSpec dhash = new EncoderSpec("dhash", EncoderSpec.Metric.HAMMING, 64, Map.of("hash_size", "8"), Map.of());
        Encodings a = new Encodings(PHASH, List.of(), List.of(), List.of());
        Encodings b = new Encodings(dhash, List.of(), List.of(), List.of());
        EncodingsException e = assertThrows(EncodingsException.class,
                () -> Encodings.merge(List.of(a, b), List.of("X.json", "Y.json")));
        assertEquals("cannot merge X.json (phash (64 bits, hash_size=8)) with Y.json (dhash (64 bits, hash_size=8)):"
                + " encoder 'phash' vs 'dhash'", e.getMessage());
    }

    @Test
    void mergeJoinsDatasetsRenamesClashesAndKeepsNewerImage() {
        Dataset a1 = ds("a", "one/a");
        Dataset a1again = ds("a", "one/a");
        Dataset a2 = ds("a", "two/a");
        EncoderSpec otherVariant = new EncoderSpec("phash", EncoderSpec.Metric.HAMMING, 64,
                Map.of("hash_size", "8"), Map.of("decoder", "imageio"));
        Encodings first = new Encodings(PHASH, List.of(a1), List.of(
                img(a1, "1.jpg", 10, 100, BitHash.of64(1)), img(a1, "2.jpg", 10, 100, BitHash.of64(2))),
                List.of(new SkippedFile("a", "3.jpg", "broken")));
        Encodings second = new Encodings(otherVariant, List.of(a1again), List.of(
                img(a1again, "1.jpg", 11, 200, BitHash.of64(11)), img(a1again, "3.jpg", 1, 1, BitHash.of64(3))),
                List.of(new SkippedFile("a", "4.jpg", "broken")));
        Encodings third = new Encodings(PHASH, List.of(a2), List.of(img(a2, "1.jpg", 10, 100, BitHash.of64(21))),
                List.of(new SkippedFile("a", "5.jpg", "broken")));
        Encodings m = Encodings.merge(List.of(first, second, third));
        assertEquals(PHASH, m.spec());
        Dataset renamed = new Dataset("a-2", a2.root());
        assertEquals(List.of(a1, renamed), m.datasets());
        assertEquals(List.of(img(a1, "1.jpg", 11, 200, BitHash.of64(11)), img(a1, "2.jpg", 10, 100, BitHash.of64(2)),
                img(a1, "3.jpg", 1, 1, BitHash.of64(3)), img(renamed, "1.jpg", 10, 100, BitHash.of64(21))), m.images());
        assertEquals(List.of(new SkippedFile("a", "4.jpg", "broken"), new SkippedFile("a-2", "5.jpg", "broken")),
                m.skipped());
    }

    @Test
    void reuseNeedsExactSpecAndUnchangedFile() {
        Dataset d = ds("d", "d");
        Dataset movedRoot = ds("d", "elsewhere/d");
        Encodings saved = new Encodings(PHASH, List.of(d), List.of(
                img(d, "same.jpg", 10, 100, BitHash.of64(1)), img(d, "touched.jpg", 10, 100, BitHash.of64(2)),
                img(d, "grown.jpg", 10, 100, BitHash.of64(3))), List.of());
        ImageFile same = new ImageFile(movedRoot, "same.jpg", 10, 100);
        ImageFile touched = new ImageFile(movedRoot, "touched.jpg", 10, 101);
        ImageFile grown = new ImageFile(movedRoot, "grown.jpg", 11, 100);
        ImageFile fresh = new ImageFile(movedRoot, "new.jpg", 1, 1);
        List<ImageFile> now = List.of(same, touched, grown, fresh);

        ReusePlan plan = EncodingsReuse.plan(saved, PHASH, now);
        assertEquals(List.of(new EncodedImage(same, BitHash.of64(1))), plan.reused());
        assertEquals(List.of(touched, grown, fresh), plan.toEncode());

        EncoderSpec otherDecoder = new EncoderSpec("phash", EncoderSpec.Metric.HAMMING, 64,
                Map.of("hash_size", "8"), Map.of("decoder", "imageio"));
        assertEquals(now, EncodingsReuse.plan(saved, otherDecoder, now).toEncode());
        assertEquals(now, EncodingsReuse.plan(null, PHASH, now).toEncode());
    }

    private static List<Path> listDir(Path dir) {
        try (var s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
