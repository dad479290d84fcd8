package doppel.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Photo-like synthetic images (gradients, shapes, text, noise) and their near-duplicates, for CLI tests. */
public final class CliTestImages {
    private CliTestImages() {
    }

    /** Writes {@code count} distinct scenes (seeds 1..count) into {@code dir} as s1.jpg, s2.jpg, ... at JPEG quality 0.9. */
    public static void writeScenes(Path dir, int count, int w, int h) throws IOException {
        for (int i = 1; i <= count; i++) {
            writeJpeg(scene(i, w, h), dir.resolve("s" + i + ".jpg"), 0.9f);
        }
    }

    /** A distinct image per seed: a gradient background with random shapes and a label. */
    public static BufferedImage scene(long seed, int w, int h) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(r.nextInt(0xFFFFFF)), w, h, new Color(r.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(r.nextInt(0xFFFFFF)));
            int x = r.nextInt(w);
            int y = r.nextInt(h);
            int s = w / 8 + r.nextInt(w / 3);
            switch (r.nextInt(3)) {
                case 0 -> g.fillOval(x - s / 2, y - s / 2, s, s);
                case 1 -> g.fillRect(x - s / 2, y - s / 3, s, s * 2 / 3);
                default -> {
                    g.setStroke(new BasicStroke(3 + r.nextInt(8)));
                    g.drawLine(x, y, r.nextInt(w), r.nextInt(h));
                }
            }
        }
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, h / 8));
        g.drawString("scene " + seed, w / 10, h - h / 10);
        g.dispose();
        for (int i = 0; i < w * h / 50; i++) {
            img.setRGB(r.nextInt(w), r.nextInt(h), r.nextInt(0xFFFFFF));
        }
        return img;
    }

    /** Same picture at another size (bilinear). */
    public static BufferedImage resized(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    public static Path writeJpeg(BufferedImage img, Path file, float quality) throws IOException {
        Files.createDirectories(file.getParent());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return file;
    }

    public static Path writePng(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }
}
