package doppel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.encode.EncoderSpec;
import doppel.results.Fixture;
import doppel.results.ResultsException;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollagePlotTest {
    @TempDir
    Path tmp;

    @Test
    void collageShowsTheImageAndItsDuplicates() throws IOException {
        Fixture f = Fixture.create(tmp, 3, EncoderSpec.Metric.HAMMING);
        Path results = tmp.resolve("results.json");
        ResultsIO.write(f.result, results, null);
        ResultsFile r = ResultsIO.read(results);
        Files.delete(f.files.get("A/g0_copy.png"));

        Path png = tmp.resolve("plots/g0.png");
        assertEquals(2, CollagePlot.write(r, "A/cats/g0.jpg", png));
        BufferedImage img = ImageIO.read(png.toFile());
        // Original row plus one row of two tiles (256 px + 12 px padding each).
        assertEquals(12 + 2 * 268, img.getWidth());
        assertEquals(12 + 2 * (268 + 54) + 24, img.getHeight());
        // The original is drawn (not white) in the middle of its tile; the missing copy is a grey placeholder.
        int original = img.getRGB(12 + 128, 36 + 128) & 0xFFFFFF;
        assertTrue(original != 0xFFFFFF, "original drawn");
        // Closest first: the copy (distance 1) comes before the small one (distance 2).
        int placeholder = img.getRGB(12 + 5, 36 + 322 + 5) & 0xFFFFFF;
        int[] grey = {(placeholder >> 16) & 0xFF, (placeholder >> 8) & 0xFF, placeholder & 0xFF};
        assertEquals(0xBDBDB8, placeholder, "missing image placeholder, got " + java.util.Arrays.toString(grey));

        assertEquals(1, CollagePlot.write(r, "B/g1_small.jpg", tmp.resolve("g1.png")));
    }

    @Test
    void unknownKeyIsAOneLineError() throws IOException {
        Fixture f = Fixture.create(tmp, 2, EncoderSpec.Metric.HAMMING);
        Path results = tmp.resolve("results.json");
        ResultsIO.write(f.result, results, null);
        ResultsFile r = ResultsIO.read(results);
        Path png = tmp.resolve("x.png");
        ResultsException e = assertThrows(ResultsException.class, () -> CollagePlot.write(r, "A/lone.png", png));
        assertTrue(e.getMessage().contains("'A/lone.png' is in no duplicate group"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(png));
    }
}
