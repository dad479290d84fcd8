package doppel.stats;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes real image files of known sizes for the tests of stats, aesthetic and split. */
public final class TestImages {
    private TestImages() {
    }

    /**
     * Writes an image of the given size and ImageIO format ("png", "jpeg", "bmp") and returns it as an
     * {@link ImageFile} of {@code dataset}.
     */
    public static ImageFile write(Dataset dataset, String relativePath, int w, int h, String format) throws IOException {
        Path file = dataset.resolve(relativePath);
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 120, 200));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.ORANGE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return of(dataset, relativePath);
    }

    /** Writes raw bytes (a broken or empty file) and returns it as an {@link ImageFile}. */
    public static ImageFile writeBytes(Dataset dataset, String relativePath, byte[] bytes) throws IOException {
        Path file = dataset.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return of(dataset, relativePath);
    }

    /** An {@link ImageFile} for an existing file. */
    public static ImageFile of(Dataset dataset, String relativePath) throws IOException {
        Path file = dataset.resolve(relativePath);
        return new ImageFile(dataset, relativePath, Files.size(file), Files.getLastModifiedTime(file).toMillis());
    }
}
