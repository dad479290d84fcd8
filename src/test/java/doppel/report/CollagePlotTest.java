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
        // One row: the original and its two duplicates (256 px + 12 px padding each), under a one-line title.
        assertEquals(12 + 3 * 268, img.getWidth());
        int top = 12 + 18 + 6;
        assertEquals(top + 268 + 70, img.getHeight());
        // The original is drawn (not white) in its tile; the missing copy is a grey placeholder.
        int original = img.getRGB(12 + 128, top + 200) & 0xFFFFFF;
        assertTrue(original != 0xFFFFFF, "original drawn");
        // Closest first: the copy (distance 1) comes before the small one (distance 2).
        int placeholder = img.getRGB(12 + 268 + 5, top + 5) & 0xFFFFFF;
        int[] grey = {(placeholder >> 16) & 0xFF, (placeholder >> 8) & 0xFF, placeholder & 0xFF};
        assertEquals(0xBDBDB8, placeholder, "missing image placeholder, got " + java.util.Arrays.toString(grey));

        assertEquals(1, CollagePlot.write(r, "B/g1_small.jpg", tmp.resolve("g1.png")));
    }

    @Test
    void longPathsWrapOntoTwoLinesAndKeepTheirFileName() {
        java.awt.Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        String key = "train/some/rather/deeply/nested/folder/of/the/dataset/IMG_20240101_120000_0001.jpg";
        java.util.List<String> lines = CollagePlot.wrap(g, key, 256, 2);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).endsWith("/"), "breaks after a folder: " + lines);
        assertTrue(lines.get(1).endsWith("IMG_20240101_120000_0001.jpg"), "the file name stays whole: " + lines);
        lines.forEach(l -> assertTrue(g.getFontMetrics().stringWidth(l) <= 256, l));
        assertEquals(java.util.List.of("A/p0053.jpg"), CollagePlot.wrap(g, "A/p0053.jpg", 256, 2));
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
