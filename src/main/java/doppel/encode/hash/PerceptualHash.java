package doppel.encode.hash;

import doppel.encode.BitHash;
import doppel.image.GrayImage;
import java.util.Arrays;
import java.util.Locale;

/**
 * One of imagededup's four perceptual hashes at a given size, computed from a grey image already resized to
 * {@link #targetWidth()} x {@link #targetHeight()}. The definitions, with W x H the hash size:
 * <ul>
 *   <li>aHash: resize to W x H; bit = pixel &gt;= mean</li>
 *   <li>dHash: resize to (W+1) x H; bit = pixel[x+1] &gt; pixel[x], row by row</li>
 *   <li>pHash: resize to 4W x 4H; 2-D DCT-II (unnormalised, columns then rows); keep the top-left H x W block;
 *       bit = coefficient &gt;= median of the block without its first (DC) value</li>
 *   <li>wHash (square, power of two): resize to 256 x 256 (or N x N above 256), scale to [0,1], Haar
 *       approximation coefficients down to N x N; bit = coefficient &gt;= their median</li>
 * </ul>
 * Bits are row-major, which gives imagededup's hex strings.
 */
public final class PerceptualHash {
    /** The hash families. */
    public enum Kind { AHASH, DHASH, PHASH, WHASH }

    private static final int MAX_SIDE = 256;
    private static final double HAAR = 0.7071067811865476;

    private final Kind kind;
    private final int width;
    private final int height;
    private final double[][] cosRows;
    private final double[][] cosCols;

    private PerceptualHash(Kind kind, int width, int height) {
        this.kind = kind;
        this.width = width;
        this.height = height;
        this.cosRows = kind == Kind.PHASH ? cosTable(height, 4 * height) : null;
        this.cosCols = kind == Kind.PHASH ? cosTable(width, 4 * width) : null;
    }

    /**
     * Parses a hash name (ahash, dhash, phash, whash) and size ("N" or "WxH").
     *
     * @throws IllegalArgumentException with a one-line message listing what is valid
     */
    public static PerceptualHash of(String name, String hashSize) {
        Kind kind;
        try {
            kind = Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown hash '" + name + "': valid are ahash, dhash, phash, whash");
        }
        int[] wh = parseSize(hashSize);
        if (kind == Kind.WHASH && (wh[0] != wh[1] || Integer.bitCount(wh[0]) != 1)) {
            throw new IllegalArgumentException("invalid hash size '" + hashSize
                    + "' for whash: use a square power of two (2, 4, 8, 16, 32, 64, 128, 256)");
        }
        return new PerceptualHash(kind, wh[0], wh[1]);
    }

    /** Parses "N" or "WxH" with sides from 2 to 256. */
    static int[] parseSize(String hashSize) {
        String s = hashSize == null ? "" : hashSize.strip().toLowerCase(Locale.ROOT);
        String[] parts = s.split("x", -1);
        try {
            if (parts.length == 1 || parts.length == 2) {
                int w = Integer.parseInt(parts[0]);
                int h = parts.length == 2 ? Integer.parseInt(parts[1]) : w;
                if (w >= 2 && h >= 2 && w <= MAX_SIDE && h <= MAX_SIDE) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid hash size '" + hashSize
                + "': use N or WxH with N, W, H from 2 to " + MAX_SIDE + " (e.g. 8, 16, 64x32)");
    }

    public Kind kind() {
        return kind;
    }

    /** Lower-case name, e.g. {@code phash}. */
    public String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** Canonical size text: "N" when square, else "WxH". */
    public String sizeText() {
        return width == height ? Integer.toString(width) : width + "x" + height;
    }

    public int bits() {
        return width * height;
    }

    /** Width the image is resized to before hashing. */
    public int targetWidth() {
        return switch (kind) {
            case AHASH -> width;
            case DHASH -> width + 1;
            case PHASH -> 4 * width;
            case WHASH -> Math.max(MAX_SIDE, width);
        };
    }

    /** Height the image is resized to before hashing. */
    public int targetHeight() {
        return switch (kind) {
            case AHASH, DHASH -> height;
            case PHASH -> 4 * height;
            case WHASH -> Math.max(MAX_SIDE, height);
        };
    }

    /** Hashes a grey image of exactly the target size. */
    public BitHash hash(GrayImage img) {
        if (img.width() != targetWidth() || img.height() != targetHeight()) {
            throw new IllegalArgumentException(name() + " needs a " + targetWidth() + "x" + targetHeight()
                    + " image, got " + img.width() + "x" + img.height());
        }
        return switch (kind) {
            case AHASH -> ahash(img.gray());
            case DHASH -> dhash(img.gray());
            case PHASH -> phash(img.gray());
            case WHASH -> whash(img.gray());
        };
    }

    private BitHash ahash(byte[] px) {
        long sum = 0;
        for (byte p : px) {
            sum += p & 0xFF;
        }
        boolean[] bits = new boolean[px.length];
        for (int i = 0; i < px.length; i++) {
            bits[i] = (long) (px[i] & 0xFF) * px.length >= sum; // pixel >= mean, in exact integers
        }
        return BitHash.fromBits(bits);
    }

    private BitHash dhash(byte[] px) {
        int tw = width + 1;
        boolean[] bits = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                bits[y * width + x] = (px[y * tw + x + 1] & 0xFF) > (px[y * tw + x] & 0xFF);
            }
        }
        return BitHash.fromBits(bits);
    }

    private static double[][] cosTable(int outputs, int n) {
        double[][] t = new double[outputs][n];
        for (int k = 0; k < outputs; k++) {
            for (int i = 0; i < n; i++) {
                t[k][i] = Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * n));
            }
        }
        return t;
    }

    private BitHash phash(byte[] px) {
        int rows = 4 * height;
        int cols = 4 * width;
        // DCT along the columns (axis 0), only for the first `height` frequencies.
        double[][] a = new double[height][cols];
        for (int k = 0; k < height; k++) {
            double[] ck = cosRows[k];
            double[] ak = a[k];
            for (int n = 0; n < rows; n++) {
                double c = ck[n];
                int row = n * cols;
                for (int j = 0; j < cols; j++) {
                    ak[j] += (px[row + j] & 0xFF) * c;
                }
            }
        }
        double[] coef = new double[width * height];
        for (int k = 0; k < height; k++) {
            for (int l = 0; l < width; l++) {
                double[] cl = cosCols[l];
                double s = 0;
                for (int m = 0; m < cols; m++) {
                    s += a[k][m] * cl[m];
                }
                coef[k * width + l] = 4 * s; // both unnormalised DCT-II passes carry a factor 2
            }
        }
        double median = median(Arrays.copyOfRange(coef, 1, coef.length));
        boolean[] bits = new boolean[coef.length];
        for (int i = 0; i < coef.length; i++) {
            bits[i] = coef[i] >= median;
        }
        return BitHash.fromBits(bits);
    }

    /**
     * Haar approximation in the same floating-point operations as pywt.wavedec2: each level first pairs rows
     * (axis 0), then columns, each output being 0.7071..*a + 0.7071..*b. Matching the rounding matters because
     * the median comparison is sensitive to ties.
     */
    private BitHash whash(byte[] px) {
        int side = targetWidth();
        double[] cur = new double[side * side];
        for (int i = 0; i < cur.length; i++) {
            cur[i] = (px[i] & 0xFF) / 255.0;
        }
        int n = side;
        while (n > width) {
            int half = n / 2;
            double[] rowsPaired = new double[half * n];
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < n; j++) {
                    rowsPaired[i * n + j] = HAAR * cur[(2 * i + 1) * n + j] + HAAR * cur[2 * i * n + j];
                }
            }
            double[] next = new double[half * half];
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < half; j++) {
                    next[i * half + j] = HAAR * rowsPaired[i * n + 2 * j + 1] + HAAR * rowsPaired[i * n + 2 * j];
                }
            }
            cur = next;
            n = half;
        }
        double median = median(cur.clone());
        boolean[] bits = new boolean[cur.length];
        for (int i = 0; i < cur.length; i++) {
            bits[i] = cur[i] >= median;
        }
        return BitHash.fromBits(bits);
    }

    /** numpy's median: the middle value, or the mean of the two middle values. */
    private static double median(double[] v) {
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
    }
}
