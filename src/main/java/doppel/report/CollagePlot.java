package doppel.report;

import doppel.image.ImageLoader;
import doppel.results.ResultsException;
import doppel.io.AtomicWrite;
import doppel.results.ResultsFile;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws one image and its duplicates side by side into a PNG, each with a caption (path, resolution, score),
 * in the spirit of imagededup's {@code plot_duplicates}. The duplicates are the image's direct pairs in the
 * results, closest first; an image that has none of its own (possible only in hand-made files) shows the
 * rest of its group.
 */
public final class CollagePlot {
    private static final int TILE = 256;
    private static final int COLUMNS = 4;
    private static final int PAD = 12;
    private static final int CAPTION = 54;

    private CollagePlot() {
    }

    /**
     * Writes the collage of {@code imageKey} ("dataset/relative/path") to {@code png}.
     *
     * @return how many duplicates are shown
     * @throws ResultsException when the key is in no group of the results
     */
    public static int write(ResultsFile results, String imageKey, Path png) throws IOException {
        Map<String, ResultsFile.Member> byKey = new HashMap<>();
        ResultsFile.Group home = null;
        for (ResultsFile.Group g : results.groups()) {
            for (ResultsFile.Member m : g.members()) {
                byKey.put(m.key(), m);
                if (m.key().equals(imageKey)) {
                    home = g;
                }
            }
        }
        if (home == null) {
            throw new ResultsException("image '" + imageKey + "' is in no duplicate group of the results"
                    + " (keys look like dataset/relative/path, e.g. "
                    + (byKey.isEmpty() ? "none: the results have no groups" : "'" + results.groups().get(0).kept() + "'") + ")");
        }
        List<ResultsFile.Member> dups = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<ResultsFile.ScoredPair> direct = new ArrayList<>();
        for (ResultsFile.ScoredPair p : results.pairs()) {
            if (p.a().equals(imageKey) || p.b().equals(imageKey)) {
                direct.add(p);
            }
        }
        boolean cosine = results.higherIsCloser();
        direct.sort(Comparator.comparingDouble(p -> cosine ? -p.score() : p.score()));
        for (ResultsFile.ScoredPair p : direct) {
            ResultsFile.Member other = byKey.get(p.a().equals(imageKey) ? p.b() : p.a());
            if (other != null) {
                dups.add(other);
                scores.add(p.score());
            }
        }
        if (dups.isEmpty()) {
            for (ResultsFile.Member m : home.members()) {
                if (!m.key().equals(imageKey)) {
                    dups.add(m);
                    scores.add(null);
                }
            }
        }
        Thumbnails thumbs = new Thumbnails(results, new ImageLoader());
        int cols = Math.min(COLUMNS, dups.size());
        int rows = (dups.size() + cols - 1) / cols;
        int cell = TILE + PAD;
        int width = PAD + Math.max(cols, 1) * cell;
        int height = PAD + (cell + CAPTION) * (rows + 1) + 24;
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            ResultsFile.Member self = byKey.get(imageKey);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(dups.size() + " duplicate" + (dups.size() == 1 ? "" : "s") + " of " + imageKey, PAD, PAD + 12);
            int top = PAD + 24;
            tile(g, thumbs, self, "ORIGINAL" + (self.key().equals(home.kept()) ? " (kept)" : ""), PAD, top, cosine, null);
            for (int i = 0; i < dups.size(); i++) {
                int x = PAD + (i % cols) * cell;
                int y = top + (cell + CAPTION) * (1 + i / cols);
                ResultsFile.Member m = dups.get(i);
                tile(g, thumbs, m, m.key().equals(home.kept()) ? "KEPT" : "DUPLICATE", x, y, cosine, scores.get(i));
            }
        } finally {
            g.dispose();
        }
        Path target = png.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path tmp = AtomicWrite.tempBeside(target, ".tmp");
        try {
            if (!ImageIO.write(canvas, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            AtomicWrite.commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return dups.size();
    }

    private static void tile(Graphics2D g, Thumbnails thumbs, ResultsFile.Member m, String label, int x, int y,
                             boolean cosine, Double score) {
        Thumbnails.Thumb t = thumbs.load(m, TILE);
        if (t.image() != null) {
            BufferedImage img = t.image();
            g.drawImage(img, x + (TILE - img.getWidth()) / 2, y + (TILE - img.getHeight()) / 2, null);
        } else {
            g.setColor(new Color(0xBDBDB8));
            g.fillRect(x, y, TILE, TILE);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            String word = t.problem() == Thumbnails.Problem.MISSING ? "missing" : "unreadable";
            FontMetrics fm = g.getFontMetrics();
            g.drawString(word, x + (TILE - fm.stringWidth(word)) / 2, y + TILE / 2);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        g.drawString(label + (score == null ? "" : cosine ? String.format(java.util.Locale.ROOT, "  similarity %.4f", score)
                : "  distance " + (long) Math.rint(score)), x, y + TILE + 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(fit(g, m.key(), TILE), x, y + TILE + 28);
        g.setColor(Color.DARK_GRAY);
        String res = m.width() > 0 ? m.width() + "\u00d7" + m.height() : "size unknown";
        g.drawString(res + ", " + (m.size() + 512) / 1024 + " KB", x, y + TILE + 42);
    }

    /** Shortens text from the left (paths differ at their end) so that it fits {@code width} pixels. */
    private static String fit(Graphics2D g, String text, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String s = text;
        while (s.length() > 1 && fm.stringWidth("\u2026" + s) > width) {
            s = s.substring(1);
        }
        return "\u2026" + s;
    }
}
