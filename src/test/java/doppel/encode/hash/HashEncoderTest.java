package doppel.encode.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encode.Fingerprint;
import doppel.dataset.SkippedFile;
import doppel.image.ImageException;
import doppel.image.TestFiles;
import doppel.progress.Progress;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashEncoderTest {
    @TempDir
    Path dir;

    private ImageFile file(String name) throws IOException {
        Path p = dir.resolve(name);
        return new ImageFile(new Dataset("ds", dir), name, Files.size(p), 0);
    }

    private BitHash hash(String encoder, HashOptions opts, String name) throws IOException {
        return (BitHash) HashEncoders.create(encoder, opts).encodeOne(file(name)).fingerprint();
    }

    /** Collects results; thread-safe as the sink contract requires. */
    private static final class Collect implements EncodeSink {
        final Map<String, EncodedImage> encoded = new ConcurrentHashMap<>();
        final Map<String, String> skipped = new ConcurrentHashMap<>();

        @Override
        public void encoded(EncodedImage image) {
            encoded.put(image.file().relativePath(), image);
        }

        @Override
        public void skipped(SkippedFile s) {
            skipped.put(s.relativePath(), s.reason());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aHashOfLeftHalfWhiteImage(boolean compat) throws IOException {
        TestImages.png(TestImages.gray(64, 64, (x, y) -> x < 32 ? 255 : 0), dir.resolve("half.png"));
        BitHash h = hash("ahash", HashOptions.defaults().withCompatImagededup(compat), "half.png");
        assertEquals("f0f0f0f0f0f0f0f0", h.toHex()); // every row: 4 bright columns, then 4 dark
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dHashOfHorizontalGradientIsAllOnes(boolean compat) throws IOException {
        TestImages.png(TestImages.gray(90, 40, (x, y) -> x * 255 / 89), dir.resolve("grad.png"));
        assertEquals("ffffffffffffffff", hash("dhash", HashOptions.defaults().withCompatImagededup(compat), "grad.png").toHex());
        TestImages.png(TestImages.gray(90, 40, (x, y) -> 255 - x * 255 / 89), dir.resolve("down.png"));
        assertEquals("0000000000000000", hash("dhash", HashOptions.defaults().withCompatImagededup(compat), "down.png").toHex());
    }

    @Test
    void pHashAndWHashOfVerticalSplit() throws IOException {
        // Bright top half: only vertical frequencies carry energy, so the first DCT row and column behave simply.
        TestImages.png(TestImages.gray(64, 64, (x, y) -> y < 32 ? 200 : 40), dir.resolve("split.png"));
        BitHash w = hash("whash", HashOptions.defaults(), "split.png");
        assertEquals("ffffffff00000000", w.toHex()); // LL of the top 4 rows is bright, bottom 4 dark
        BitHash p = hash("phash", HashOptions.defaults(), "split.png");
        assertTrue(p.bit(0), "DC term is positive");
        assertTrue(p.bit(8), "first vertical frequency is strongly positive for a bright top");
    }

    @Test
    void largeDHashSize() throws IOException {
        TestImages.png(TestImages.gray(300, 100, (x, y) -> x * 255 / 299), dir.resolve("grad.png"));
        HashEncoder enc = HashEncoders.create("dhash", HashOptions.defaults().withHashSize("64x32"));
        assertEquals(2048, enc.spec().size());
        assertEquals(Map.of("hash_size", "64x32"), enc.spec().params());
        BitHash h = (BitHash) enc.encodeOne(file("grad.png")).fingerprint();
        assertEquals(2048, h.bits());
        assertEquals("ff".repeat(256), h.toHex());
        assertEquals(256, hash("phash", HashOptions.defaults().withHashSize("16"), "grad.png").bits());
        assertEquals(256, hash("whash", HashOptions.defaults().withHashSize("16"), "grad.png").bits());
    }

    @Test
    void invalidNamesAndSizesAreOneLineErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HashEncoders.create("bhash", HashOptions.defaults()));
        assertEquals("unknown hash encoder 'bhash': valid are phash, dhash, ahash, whash, md5, sha256", e.getMessage());
        for (String bad : new String[] {"1", "0", "abc", "8x", "x8", "300", "8x8x8"}) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> HashEncoders.create("phash", HashOptions.defaults().withHashSize(bad)));
            assertTrue(e.getMessage().contains("use N or WxH"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        e = assertThrows(IllegalArgumentException.class,
                () -> HashEncoders.create("whash", HashOptions.defaults().withHashSize("12")));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }

    @Test
    void specDescribesParametersAndDecodingMode() {
        EncoderSpec fast = HashEncoders.create("phash", HashOptions.defaults()).spec();
        EncoderSpec compat = HashEncoders.create("phash", HashOptions.defaults().withCompatImagededup(true).withDihedral(true)).spec();
        assertEquals(new EncoderSpec("phash", EncoderSpec.Metric.HAMMING, 64, Map.of("hash_size", "8"),
                Map.of("decode", HashEncoder.FAST_DECODE, "dihedral", "false")), fast);
        assertEquals(Map.of("decode", "imagededup", "dihedral", "true"), compat.variantParams());
        assertTrue(fast.comparableWith(compat));
        assertEquals(256, HashEncoders.create("sha256", HashOptions.defaults()).spec().size());
    }

    @Test
    void hexRoundTripInImagededupFormat() throws IOException {
        BufferedImage img = TestImages.pattern(200, 150, 7);
        TestImages.png(img, dir.resolve("p.png"));
        for (String name : List.of("ahash", "dhash", "phash", "whash")) {
            BitHash h = hash(name, HashOptions.defaults(), "p.png");
            String hex = h.toHex();
            assertTrue(hex.matches("[0-9a-f]{16}"), hex);
            assertEquals(h, BitHash.fromHex(hex));
            // imagededup: ''.join('%0.2x' % x for x in np.packbits(bits)): bit 0 is the top bit of the first byte.
            assertEquals(h.bit(0), (HexFormat.fromHexDigit(hex.charAt(0)) & 8) != 0);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nearDuplicatesAreCloseAndUnrelatedImagesAreNot(boolean compat) throws IOException {
        BufferedImage a = TestImages.pattern(640, 480, 1);
        TestImages.jpeg(a, dir.resolve("a.jpg"), 0.92f);
        TestImages.jpeg(TestImages.scaled(a, 320, 240), dir.resolve("a-half.jpg"), 0.75f);
        TestImages.jpeg(a, dir.resolve("a-q50.jpg"), 0.5f);
        TestImages.png(TestImages.brighter(a, 12), dir.resolve("a-bright.png"));
        TestImages.jpeg(TestImages.pattern(640, 480, 2), dir.resolve("b.jpg"), 0.92f);
        TestImages.jpeg(TestImages.pattern(640, 480, 3), dir.resolve("c.jpg"), 0.92f);
        HashOptions opts = HashOptions.defaults().withCompatImagededup(compat);
        for (String name : List.of("ahash", "dhash", "phash", "whash")) {
            BitHash orig = hash(name, opts, "a.jpg");
            for (String copy : List.of("a-half.jpg", "a-q50.jpg", "a-bright.png")) {
                int d = orig.distance(hash(name, opts, copy));
                assertTrue(d <= 10, name + ": " + copy + " is " + d + " bits from the original");
            }
            for (String other : List.of("b.jpg", "c.jpg")) {
                int d = orig.distance(hash(name, opts, other));
                assertTrue(d > 10, name + ": unrelated " + other + " is only " + d + " bits away");
            }
        }
    }

    @Test
    void nearDuplicatesOfSharedPhotos() throws IOException {
        Path photos = ImagededupCompatTest.sharedPhotos();
        List<Path> jpegs;
        try (var s = Files.list(photos)) {
            jpegs = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(20).toList();
        }
        HashEncoder enc = HashEncoders.create("phash", HashOptions.defaults());
        Dataset ds = new Dataset("ds", dir);
        List<BitHash> originals = new ArrayList<>();
        for (int i = 0; i < jpegs.size(); i++) {
            BufferedImage img = javax.imageio.ImageIO.read(jpegs.get(i).toFile());
            TestImages.jpeg(img, dir.resolve(i + ".jpg"), 0.9f);
            TestImages.jpeg(TestImages.scaled(img, img.getWidth() / 2, img.getHeight() / 2), dir.resolve(i + "-copy.jpg"), 0.75f);
            BitHash o = (BitHash) enc.encodeOne(new ImageFile(ds, i + ".jpg", 0, 0)).fingerprint();
            BitHash c = (BitHash) enc.encodeOne(new ImageFile(ds, i + "-copy.jpg", 0, 0)).fingerprint();
            assertTrue(o.distance(c) <= 10, jpegs.get(i) + ": copy at " + o.distance(c) + " bits");
            originals.add(o);
        }
        int close = 0;
        for (int i = 0; i < originals.size(); i++) {
            for (int j = i + 1; j < originals.size(); j++) {
                close += originals.get(i).distance(originals.get(j)) <= 10 ? 1 : 0;
            }
        }
        assertEquals(0, close, "different photos within 10 bits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5", "sha256"})
    void digestsMatchMessageDigest(String name) throws Exception {
        TestImages.png(TestImages.pattern(50, 40, 4), dir.resolve("p.png"));
        Files.writeString(dir.resolve("notes.txt"), "not an image, still digestible");
        Files.write(dir.resolve("empty.jpg"), new byte[0]);
        Collect sink = new Collect();
        HashEncoder enc = HashEncoders.create(name, HashOptions.defaults());
        enc.encode(List.of(file("p.png"), file("notes.txt"), file("empty.jpg")), sink, Progress.NONE);
        for (String f : List.of("p.png", "notes.txt")) {
            byte[] expected = MessageDigest.getInstance(name.equals("md5") ? "MD5" : "SHA-256").digest(Files.readAllBytes(dir.resolve(f)));
            BitHash got = (BitHash) sink.encoded.get(f).fingerprint();
            assertEquals(HexFormat.of().formatHex(expected), got.toHex());
            assertEquals(expected.length * 8, got.bits());
        }
        assertEquals(Map.of("empty.jpg", "zero-byte file"), sink.skipped);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dihedralVariantsMatchTransformedCopies(boolean compat) throws IOException {
        BufferedImage img = TestImages.pattern(120, 80, 5);
        TestImages.png(img, dir.resolve("orig.png"));
        // Independent of doppel.image.Dihedral: each copy is written with its own pixel mapping.
        String[] names = {"rot90", "rot180", "rot270", "flipH", "flipV", "transpose", "transverse"};
        int w = img.getWidth();
        int h = img.getHeight();
        for (String n : names) {
            boolean swap = n.equals("rot90") || n.equals("rot270") || n.equals("transpose") || n.equals("transverse");
            BufferedImage t = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < t.getHeight(); y++) {
                for (int x = 0; x < t.getWidth(); x++) {
                    int[] s = switch (n) {
                        case "rot90" -> new int[] {w - 1 - y, x};
                        case "rot180" -> new int[] {w - 1 - x, h - 1 - y};
                        case "rot270" -> new int[] {y, h - 1 - x};
                        case "flipH" -> new int[] {w - 1 - x, y};
                        case "flipV" -> new int[] {x, h - 1 - y};
                        case "transpose" -> new int[] {y, x};
                        default -> new int[] {w - 1 - y, h - 1 - x};
                    };
                    t.setRGB(x, y, img.getRGB(s[0], s[1]));
                }
            }
            TestImages.png(t, dir.resolve(n + ".png"));
        }
        HashOptions opts = HashOptions.defaults().withDihedral(true).withCompatImagededup(compat);
        for (String hashName : List.of("phash", "dhash")) {
            HashEncoder enc = HashEncoders.create(hashName, opts);
            EncodedImage orig = enc.encodeOne(file("orig.png"));
            assertEquals(7, orig.variants().size());
            for (int i = 0; i < names.length; i++) {
                BitHash copy = (BitHash) enc.encodeOne(file(names[i] + ".png")).fingerprint();
                BitHash variant = (BitHash) orig.variants().get(i);
                assertTrue(copy.distance(variant) <= 2, hashName + " " + names[i] + ": " + copy.distance(variant));
            }
            // Rotations really change the hash, otherwise the check above proves nothing.
            assertTrue(((BitHash) orig.fingerprint()).distance((BitHash) orig.variants().get(0)) > 10);
        }
        HashEncoder plain = HashEncoders.create("phash", HashOptions.defaults());
        assertEquals(List.<Fingerprint>of(), plain.encodeOne(file("orig.png")).variants());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void badFilesAreSkippedWithReasonsWhileOthersEncode(boolean compat) throws IOException {
        BufferedImage img = TestImages.pattern(200, 150, 6);
        TestImages.jpeg(img, dir.resolve("good.jpg"), 0.9f);
        TestImages.png(img, dir.resolve("good.png"));
        Files.write(dir.resolve("zero.jpg"), new byte[0]);
        byte[] jpeg = Files.readAllBytes(dir.resolve("good.jpg"));
        Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        Files.writeString(dir.resolve("text.jpg"), "this is a text file, not a JPEG\n");
        byte[] random = new byte[4096];
        new java.util.Random(1).nextBytes(random);
        random[0] = 0x12;
        Files.write(dir.resolve("random.png"), random);
        Files.write(dir.resolve("bomb.png"), TestFiles.pngBombHeader(100_000, 100_000));
        Files.writeString(dir.resolve("doc.pdf"), "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n");
        byte[] png = Files.readAllBytes(dir.resolve("good.png"));
        Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        Files.write(dir.resolve("fakejpeg.png"), jpeg); // a JPEG named .png: decoded by content

        List<ImageFile> files = new ArrayList<>();
        for (String n : List.of("good.jpg", "zero.jpg", "truncated.jpg", "text.jpg", "random.png", "bomb.png",
                "doc.pdf", "cut.png", "good.png", "fakejpeg.png")) {
            files.add(file(n));
        }
        Collect sink = new Collect();
        AtomicLong steps = new AtomicLong();
        Progress progress = new Progress() {
            @Override
            public void start(String task, long total) {
            }

            @Override
            public void step(long n) {
                steps.addAndGet(n);
            }

            @Override
            public void close() {
            }
        };
        try (HashEncoder enc = HashEncoders.create("phash", HashOptions.defaults().withCompatImagededup(compat).withWorkers(3))) {
            enc.encode(files, sink, progress);
        }
        assertEquals(files.size(), steps.get());
        assertEquals(List.of("fakejpeg.png", "good.jpg", "good.png"), sink.encoded.keySet().stream().sorted().toList());
        assertEquals(200, sink.encoded.get("good.jpg").width());
        assertEquals(150, sink.encoded.get("good.jpg").height());
        assertEquals(sink.encoded.get("good.jpg").fingerprint(), sink.encoded.get("fakejpeg.png").fingerprint());
        assertEquals("zero-byte file", sink.skipped.get("zero.jpg"));
        assertEquals("truncated JPEG (no end-of-image marker)", sink.skipped.get("truncated.jpg"));
        assertEquals("not an image (unknown format)", sink.skipped.get("text.jpg"));
        assertEquals("not an image (unknown format)", sink.skipped.get("random.png"));
        assertEquals("not an image (unknown format)", sink.skipped.get("doc.pdf"));
        assertEquals("refused: 100000x100000 is over the pixel limit of 178956970 (--max-pixels)", sink.skipped.get("bomb.png"));
        assertTrue(sink.skipped.get("cut.png").startsWith("cannot decode PNG"), sink.skipped.get("cut.png"));
        for (String reason : sink.skipped.values()) {
            assertFalse(reason.contains("\n"), reason);
        }
    }

    @Test
    void pixelLimitIsConfigurable() throws IOException {
        TestImages.png(TestImages.pattern(100, 100, 8), dir.resolve("p.png"));
        HashEncoder enc = HashEncoders.create("ahash", HashOptions.defaults().withMaxPixels(9_999));
        ImageException e = assertThrows(ImageException.class, () -> enc.encodeOne(file("p.png")));
        assertEquals("refused: 100x100 is over the pixel limit of 9999 (--max-pixels)", e.getMessage());
    }
}
