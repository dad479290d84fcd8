package doppel.encode.hash;

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

/** Writes real image files for the tests. */
final class TestImages {
    private TestImages() {
    }

    /** A smooth colour pattern (sum of sinusoids with random frequencies from {@code seed}). */
    static BufferedImage pattern(int w, int h, long seed) {
        Random rnd = new Random(seed);
        double[][] f = new double[12][3];
        for (double[] row : f) {
            row[0] = 0.5 + rnd.nextDouble() * 3.5;
            row[1] = 0.5 + rnd.nextDouble() * 3.5;
            row[2] = rnd.nextDouble() * 6.28;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int k = 0; k < 4; k++) {
                        double[] p = f[c * 4 + k];
                        v += Math.sin(2 * Math.PI * (p[0] * x / w + p[1] * y / h) + p[2]);
                    }
                    rgb = rgb << 8 | (int) Math.round((v + 4) / 8 * 255);
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    static Path png(BufferedImage img, Path file) throws IOException {
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    static Path jpeg(BufferedImage img, Path file, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return file;
    }

    static BufferedImage scaled(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    static BufferedImage brighter(BufferedImage img, int delta) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int r = Math.min(255, (p >> 16 & 0xFF) + delta);
                int g = Math.min(255, (p >> 8 & 0xFF) + delta);
                int b = Math.min(255, (p & 0xFF) + delta);
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    /** Grey image from a function of (x, y). */
    static BufferedImage gray(int w, int h, java.util.function.IntBinaryOperator value) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, value.applyAsInt(x, y));
            }
        }
        return img;
    }
}
