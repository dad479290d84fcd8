package doppel.find;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.encode.EncodedImage;
import doppel.encode.EncoderChoice;
import doppel.encode.Embedding;
import doppel.image.Dihedral;
import doppel.image.ImageLoader;
import doppel.search.Match;
import doppel.verify.SharedPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * {@code --dihedral} with embeddings: real photos in A, their copies turned and flipped (re-encoded as JPEG) in B,
 * embedded by the shipped filter-bank model on the real PyTorch engine. With the variants each copy is paired with
 * its original at the default cosine threshold, by the variant that undoes the edit; without them the turned
 * copies are missed.
 */
class DihedralEmbeddingTest {
    private static final Path MODEL = Path.of("models/doppel-filterbank-v1.pt");
    /** The edit made of photo i, and the variant of the copy that shows the original again. */
    private static final int[] ROTATE = {Core.ROTATE_90_CLOCKWISE, Core.ROTATE_180, Core.ROTATE_90_COUNTERCLOCKWISE, -1};
    private static final Dihedral[] UNDOES = {Dihedral.ROT90, Dihedral.ROT180, Dihedral.ROT270, Dihedral.FLIP_H};

    @TempDir
    Path tmp;
    private Path a;
    private Path b;

    @BeforeEach
    void makeSets() throws Exception {
        a = Files.createDirectories(tmp.resolve("A"));
        b = Files.createDirectories(tmp.resolve("B"));
        List<Path> photos = SharedPhotos.jpegs(ROTATE.length);
        for (int i = 0; i < photos.size(); i++) {
            Path photo = photos.get(i);
            Files.copy(photo, a.resolve(photo.getFileName()));
            Mat src = Imgcodecs.imread(photo.toString());
            Mat edited = new Mat();
            if (ROTATE[i] >= 0) {
                Core.rotate(src, edited, ROTATE[i]);
            } else {
                Core.flip(src, edited, 1);
            }
            Imgcodecs.imwrite(b.resolve(photo.getFileName()).toString(), edited,
                    new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90));
        }
    }

    @Test
    void turnedAndFlippedCopiesMatchTheirOriginalsThroughTheVariantThatUndoesTheEdit() {
        FindRun plain = find(false);
        FindRun dihedral = find(true);
        Set<String> expected = new HashSet<>();
        try (var s = Files.list(a)) {
            s.forEach(p -> expected.add("A/" + p.getFileName() + " B/" + p.getFileName()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(expected, pairs(dihedral), "with --dihedral: each copy with its original, nothing else");
        assertTrue(pairs(plain).size() < expected.size(), "without variants the turned copies are missed: " + pairs(plain));
        assertEquals("true", dihedral.result().spec().variantParams().get("dihedral"));
        assertFalse(plain.result().spec().variantParams().containsKey("dihedral"));

        List<EncodedImage> images = dihedral.result().images();
        Map<String, EncodedImage> byKey = new HashMap<>();
        images.forEach(e -> byKey.put(e.file().key(), e));
        List<Path> originals = SharedPhotos.jpegs(ROTATE.length);
        for (int i = 0; i < originals.size(); i++) {
            String name = originals.get(i).getFileName().toString();
            EncodedImage original = byKey.get("A/" + name);
            EncodedImage copy = byKey.get("B/" + name);
            assertEquals(Dihedral.NON_IDENTITY.size(), copy.variants().size());
            Embedding target = (Embedding) original.fingerprint();
            int best = -1;
            double bestScore = ((Embedding) copy.fingerprint()).cosine(target);
            for (int v = 0; v < copy.variants().size(); v++) {
                double s = ((Embedding) copy.variants().get(v)).cosine(target);
                if (s > bestScore) {
                    bestScore = s;
                    best = v;
                }
            }
            assertEquals(UNDOES[i], best < 0 ? Dihedral.IDENTITY : Dihedral.NON_IDENTITY.get(best), name);
            assertTrue(bestScore >= 0.9, name + ": best variant's cosine " + bestScore);
        }
    }

    /**
     * leak pairs only query images with reference images and scores each pair by the query image's variants
     * against the reference image's original, so only the query side is embedded eight times: the same leaks as
     * the cross-dataset find whose every image has its variants, for fewer model inputs. Saved encodings
     * ({@code --encodings-out}) still hold every image's variants, since they serve any later search.
     */
    @Test
    void leakEmbedsTheQuerySidesVariantsOnly() throws Exception {
        LeakRun leak = Leak.check(LeakRequest.builder().query(b).reference(a).encoder(choice(true)).build());
        for (EncodedImage e : leak.result().images()) {
            assertEquals(e.file().dataset().name().equals("B") ? Dihedral.NON_IDENTITY.size() : 0, e.variants().size(),
                    e.file().key());
        }
        FindRun all = Finder.find(FindRequest.builder().datasets(a, b).crossOnly(true).encoder(choice(true)).build());
        assertEquals(pairs(all), pairs(leak.result()), "the same leaks as with every image's variants");
        assertEquals(ROTATE.length, leak.leaks().size(), "every turned or flipped copy leaks");

        Path saved = tmp.resolve("enc.json");
        assertEquals(0, doppel.cli.Main.run("leak", "--query", b.toString(), "--reference", a.toString(), "--encoder",
                "cnn", "--model", MODEL.toString(), "--dihedral", "--encodings-out", saved.toString(), "-q"));
        for (EncodedImage e : doppel.encodings.EncodingsIO.read(saved).images()) {
            assertEquals(Dihedral.NON_IDENTITY.size(), e.variants().size(), e.file().key());
        }
    }

    private FindRun find(boolean dihedral) {
        return Finder.find(FindRequest.builder().datasets(a, b).encoder(choice(dihedral)).build());
    }

    private static EncoderChoice choice(boolean dihedral) {
        return new EncoderChoice("cnn", null, false, dihedral, 2, ImageLoader.DEFAULT_MAX_PIXELS, MODEL, "cpu", 32);
    }

    private static Set<String> pairs(FindRun run) {
        return pairs(run.result());
    }

    private static Set<String> pairs(doppel.search.DuplicateResult result) {
        Set<String> out = new HashSet<>();
        for (Match m : result.pairs()) {
            String x = result.images().get(m.a()).file().key();
            String y = result.images().get(m.b()).file().key();
            out.add(x.compareTo(y) < 0 ? x + " " + y : y + " " + x);
        }
        return out;
    }
}
