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
    /** Label, two lines of path, resolution and size. */
    private static final int CAPTION = 70;
    private static final int TITLE_LINE = 18;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

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
        // The image first, then its duplicates, COLUMNS tiles a row; every caption shows the whole path.
        int tiles = 1 + dups.size();
        int cols = Math.min(COLUMNS, tiles);
        int rows = (tiles + cols - 1) / cols;
        int cell = TILE + PAD;
        int width = PAD + cols * cell;
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measure = scratch.createGraphics();
        measure.setFont(TITLE_FONT);
        List<String> title = wrap(measure, dups.size() + " duplicate" + (dups.size() == 1 ? "" : "s") + " of "
                + imageKey, width - 2 * PAD, 3);
        measure.dispose();
        int top = PAD + TITLE_LINE * title.size() + PAD / 2;
        int height = top + rows * (cell + CAPTION);
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            ResultsFile.Member self = byKey.get(imageKey);
            g.setColor(Color.DARK_GRAY);
            g.setFont(TITLE_FONT);
            for (int i = 0; i < title.size(); i++) {
                g.drawString(title.get(i), PAD, PAD + 14 + TITLE_LINE * i);
            }
            for (int i = 0; i < tiles; i++) {
                int x = PAD + (i % cols) * cell;
                int y = top + (cell + CAPTION) * (i / cols);
                if (i == 0) {
                    tile(g, thumbs, self, "ORIGINAL" + (self.key().equals(home.kept()) ? " (kept)" : ""), x, y, cosine, null);
                } else {
                    ResultsFile.Member m = dups.get(i - 1);
                    tile(g, thumbs, m, m.key().equals(home.kept()) ? "KEPT" : "DUPLICATE", x, y, cosine, scores.get(i - 1));
                }
            }
        } finally {
            g.dispose();
        }
        AtomicWrite.write(png, out -> {
            if (!ImageIO.write(canvas, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
        return dups.size();
    }

    private static void tile(Graphics2D g, Thumbnails thumbs, ResultsFile.Member m, String label, int x, int y,
                             boolean cosine, Double score) {
        Thumbnails.Thumb t = thumbs.load(m, TILE);
        if (t.image() != null) {
            BufferedImage img = t.image();
            // Standing on its caption, so a wide image's caption is right below it.
            g.drawImage(img, x + (TILE - img.getWidth()) / 2, y + TILE - img.getHeight(), null);
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
        List<String> path = wrap(g, m.key(), TILE, 2);
        for (int i = 0; i < path.size(); i++) {
            g.drawString(path.get(i), x, y + TILE + 28 + 14 * i);
        }
        g.setColor(Color.DARK_GRAY);
        String res = m.width() > 0 ? m.width() + "\u00d7" + m.height() : "size unknown";
        g.drawString(res + ", " + (m.size() + 512) / 1024 + " KB", x, y + TILE + 28 + 14 * path.size());
    }

    /**
     * Breaks text into at most {@code maxLines} lines of {@code width} pixels, after a '/', '-', '_' or space
     * where it can; what does not fit is cut from the left of the last line, since paths differ at their end.
     */
    static List<String> wrap(Graphics2D g, String text, int width, int maxLines) {
        FontMetrics fm = g.getFontMetrics();
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (lines.size() < maxLines - 1 && fm.stringWidth(rest) > width) {
            int end = 1;
            while (end < rest.length() && fm.stringWidth(rest.substring(0, end + 1)) <= width) {
                end++;
            }
            int brk = end;
            for (int i = end; i > end / 2; i--) {
                if ("/-_ ".indexOf(rest.charAt(i - 1)) >= 0) {
                    brk = i;
                    break;
                }
            }
            lines.add(rest.substring(0, brk));
            rest = rest.substring(brk);
        }
        lines.add(fit(g, rest, width));
        return lines;
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
