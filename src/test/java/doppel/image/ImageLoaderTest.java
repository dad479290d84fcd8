package doppel.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {
    @TempDir
    Path dir;

    private final ImageLoader loader = new ImageLoader();

    private static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    @Test
    void greyPngKeepsItsValues() throws IOException {
        BufferedImage g = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                g.getRaster().setSample(x, y, 0, 100);
            }
        }
        ImageIO.write(g, "png", dir.resolve("g.png").toFile());
        RgbImage rgb = loader.readRgb(dir.resolve("g.png"));
        assertEquals(100, rgb.sample(5, 5, 0));
        assertEquals(100, rgb.sample(5, 5, 2));
        assertEquals(100, loader.readGrayAtLeast(dir.resolve("g.png"), 1, 1).sample(3, 3));
        // The ImageIO fallback path must not gamma-shift grey either.
        assertEquals(100, ImageLoader.toRgb(ImageIO.read(dir.resolve("g.png").toFile())).sample(5, 5, 1));
    }

    @Test
    void channelsAreInRgbOrderOnEveryPath() throws IOException {
        ImageIO.write(solid(64, 48, 0xFF0000), "png", dir.resolve("red.png").toFile());
        ImageIO.write(solid(800, 600, 0x0000FF), "jpeg", dir.resolve("blue.jpg").toFile());
        ImageIO.write(solid(30, 20, 0x00FF00), "gif", dir.resolve("green.gif").toFile());
        RgbImage red = loader.readRgb(dir.resolve("red.png"));
        assertEquals(255, red.sample(1, 1, 0));
        assertEquals(0, red.sample(1, 1, 2));
        RgbImage blue = loader.readRgbAtLeast(dir.resolve("blue.jpg"), 224);
        assertTrue(blue.sample(10, 10, 2) > 240 && blue.sample(10, 10, 0) < 15, "blue stays blue");
        assertEquals(400, blue.width()); // 1/2 keeps the short side >= 224; 1/4 (150) would not
        assertEquals(300, blue.height());
        assertEquals(800, loader.readRgb(dir.resolve("blue.jpg")).width());
        RgbImage green = loader.readRgb(dir.resolve("green.gif")); // GIF goes through ImageIO
        assertEquals(255, green.sample(2, 2, 1));
        assertEquals(0, green.sample(2, 2, 0));
    }

    @Test
    void reducedGreyDecodeOfJpeg() throws IOException {
        ImageIO.write(solid(800, 600, 0x808080), "jpeg", dir.resolve("g.jpg").toFile());
        GrayImage g = loader.readGrayAtLeast(dir.resolve("g.jpg"), 64, 64);
        assertEquals(100, g.width()); // 1/8: 100x75 still covers 64x64
        assertEquals(75, g.height());
        assertTrue(Math.abs(g.sample(50, 30) - 128) <= 2);
        GrayImage big = loader.readGrayAtLeast(dir.resolve("g.jpg"), 500, 100);
        assertEquals(800, big.width()); // 1/2 would give 400 < 500
    }

    @Test
    void probeReadsSizesFromHeaders() throws IOException {
        BufferedImage img = solid(37, 23, 0x123456);
        for (String fmt : new String[] {"png", "jpeg", "gif", "bmp", "tiff"}) {
            Path p = dir.resolve("x." + fmt);
            assertTrue(ImageIO.write(img, fmt, p.toFile()), fmt);
            ImageInfo info = loader.probe(Files.readAllBytes(p));
            assertEquals(37, info.width(), fmt);
            assertEquals(23, info.height(), fmt);
            assertEquals(fmt.equals("jpeg") ? "JPEG" : fmt.toUpperCase(), info.format());
        }
    }

    @Test
    void sharedWebpPhotosDecode() throws IOException {
        String prop = System.getProperty("doppel.shared.photos");
        org.junit.jupiter.api.Assumptions.assumeTrue(prop != null && Files.isDirectory(Path.of(prop)),
                "shared photos not found; skipping");
        try (var s = Files.list(Path.of(prop))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".webp")).toList()) {
                ImageInfo info = loader.probe(Files.readAllBytes(p));
                RgbImage rgb = loader.readRgb(p);
                assertEquals("WEBP", info.format());
                assertEquals(info.width(), rgb.width(), p.toString());
                assertEquals(info.height(), rgb.height(), p.toString());
            }
        }
    }

    @Test
    void failuresAreOneLineImageExceptions() throws IOException {
        Files.write(dir.resolve("zero.png"), new byte[0]);
        assertEquals("zero-byte file", assertThrows(ImageException.class, () -> loader.readRgb(dir.resolve("zero.png"))).getMessage());
        assertEquals("unreadable file: no such file",
                assertThrows(ImageException.class, () -> loader.readRgb(dir.resolve("missing.jpg"))).getMessage());
        Files.writeString(dir.resolve("fake.jpg"), "hello");
        assertEquals("not an image (unknown format)",
                assertThrows(ImageException.class, () -> loader.readRgb(dir.resolve("fake.jpg"))).getMessage());
        Files.write(dir.resolve("sof-only.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F'});
        assertTrue(assertThrows(ImageException.class, () -> loader.readRgb(dir.resolve("sof-only.jpg")))
                .getMessage().startsWith("truncated JPEG"));
        Files.write(dir.resolve("bomb.png"), TestFiles.pngBombHeader(100_000, 100_000));
        assertEquals("refused: 100000x100000 is over the pixel limit of 178956970 (--max-pixels)",
                assertThrows(ImageException.class, () -> loader.readRgb(dir.resolve("bomb.png"))).getMessage());
    }

    @Test
    void dihedralTransformsOfA3x2Image() {
        // 0 1 2
        // 3 4 5
        GrayImage g = new GrayImage(3, 2, new byte[] {0, 1, 2, 3, 4, 5});
        assertArrayEquals(new byte[] {2, 5, 1, 4, 0, 3}, Dihedral.ROT90.apply(g).gray());
        assertArrayEquals(new byte[] {5, 4, 3, 2, 1, 0}, Dihedral.ROT180.apply(g).gray());
        assertArrayEquals(new byte[] {3, 0, 4, 1, 5, 2}, Dihedral.ROT270.apply(g).gray());
        assertArrayEquals(new byte[] {2, 1, 0, 5, 4, 3}, Dihedral.FLIP_H.apply(g).gray());
        assertArrayEquals(new byte[] {3, 4, 5, 0, 1, 2}, Dihedral.FLIP_V.apply(g).gray());
        assertArrayEquals(new byte[] {0, 3, 1, 4, 2, 5}, Dihedral.TRANSPOSE.apply(g).gray());
        assertArrayEquals(new byte[] {5, 2, 4, 1, 3, 0}, Dihedral.TRANSVERSE.apply(g).gray());
        assertEquals(2, Dihedral.ROT90.apply(g).width());
        RgbImage rgb = new RgbImage(2, 1, new byte[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new byte[] {4, 5, 6, 1, 2, 3}, Dihedral.FLIP_H.apply(rgb).rgb());
        assertArrayEquals(new byte[] {4, 5, 6, 1, 2, 3}, Dihedral.ROT90.apply(rgb).rgb());
    }

    @Test
    void lanczosKeepsFlatImagesFlatAndSkipsUnchangedPasses() {
        byte[] flat = new byte[50 * 40];
        java.util.Arrays.fill(flat, (byte) 77);
        GrayImage small = PilLanczos.resize(new GrayImage(50, 40, flat), 9, 8);
        for (byte b : small.gray()) {
            assertEquals(77, b & 0xFF);
        }
        GrayImage same = new GrayImage(3, 2, new byte[] {0, 1, 2, 3, 4, 5});
        assertArrayEquals(same.gray(), PilLanczos.resize(same, 3, 2).gray());
        RgbImage px = new RgbImage(1, 1, new byte[] {(byte) 255, (byte) 128, 0});
        assertEquals((255 * 19595 + 128 * 38470 + 0x8000) >> 16, PilLanczos.toGray(px).sample(0, 0));
    }
}
