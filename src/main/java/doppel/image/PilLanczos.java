package doppel.image;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lanczos-3 resampling that gives the same 8-bit results as Pillow's {@code Image.resize(size, LANCZOS)},
 * plus Pillow's RGB to 'L' conversion. imagededup computes its hashes from exactly these pixels, so the
 * {@code imagededup} compatibility mode needs them bit for bit; the fast mode uses the same filter on grey.
 *
 * <p>The algorithm, as specified for compatibility: separable filtering, horizontal pass first (only over the
 * rows the vertical pass reads) into an 8-bit intermediate image, then the vertical pass; a pass is skipped
 * when its dimension does not change. Weights are computed in double precision with the filter widened by the
 * downscale factor (anti-aliasing), normalised, then turned into fixed point with 22 fractional bits.
 * Sums start at one half (rounding) and are clipped to 0..255.
 */
public final class PilLanczos {
    private static final int PRECISION_BITS = 22;
    private static final double SUPPORT = 3.0;

    private PilLanczos() {
    }

    /** Resizes a grey image to {@code outW x outH}. */
    public static GrayImage resize(GrayImage in, int outW, int outH) {
        return resize(in, Box.whole(in.width(), in.height()), outW, outH);
    }

    /** Resizes an RGB image to {@code outW x outH}, each channel independently. */
    public static RgbImage resize(RgbImage in, int outW, int outH) {
        return resize(in, Box.whole(in.width(), in.height()), outW, outH);
    }

    /** Resizes the region {@code box} of a grey image to {@code outW x outH}, as Pillow's {@code resize(size, box=...)}. */
    public static GrayImage resize(GrayImage in, Box box, int outW, int outH) {
        return new GrayImage(outW, outH, resample(in.gray(), in.width(), in.height(), 1, box, outW, outH));
    }

    /** Resizes the region {@code box} of an RGB image to {@code outW x outH}, each channel independently. */
    public static RgbImage resize(RgbImage in, Box box, int outW, int outH) {
        return new RgbImage(outW, outH, resample(in.rgb(), in.width(), in.height(), 3, box, outW, outH));
    }

    /**
     * A source region in pixel coordinates, possibly fractional: Pillow's {@code box}. A JPEG decoded in the DCT
     * domain at 1/k has ceil(W/k) columns, the last one covering only part of a k-pixel block, so the picture's W
     * columns span W/k of them; resizing the box {@code (0, 0, W/k, H/k)} maps every output pixel to the same
     * place in the picture as a resize of the full decode does (Pillow's {@code draft} returns this box).
     */
    public record Box(double x0, double y0, double x1, double y1) {
        public Box {
            if (!(x0 >= 0 && y0 >= 0 && x1 > x0 && y1 > y0)) {
                throw new IllegalArgumentException("bad box " + x0 + "," + y0 + "," + x1 + "," + y1);
            }
        }

        /** The whole of a {@code w x h} image. */
        public static Box whole(int w, int h) {
            return new Box(0, 0, w, h);
        }
    }

    /** Pillow's RGB to 'L': {@code (R*19595 + G*38470 + B*7471 + 0x8000) >> 16}. */
    public static GrayImage toGray(RgbImage in) {
        byte[] rgb = in.rgb();
        byte[] out = new byte[in.width() * in.height()];
        for (int i = 0, o = 0; i < out.length; i++, o += 3) {
            out[i] = (byte) ((rgb[o] & 0xFF) * 19595 + (rgb[o + 1] & 0xFF) * 38470 + (rgb[o + 2] & 0xFF) * 7471 + 0x8000 >> 16);
        }
        return new GrayImage(in.width(), in.height(), out);
    }

    /** Fixed-point coefficients of one pass: for output i, taps {@code kk[i*ksize ..]} starting at {@code start[i]}. */
    private record Coeffs(int ksize, int[] start, int[] count, int[] kk) {
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = x * Math.PI;
        return StrictMath.sin(px) / px;
    }

    private static double lanczos(double x) {
        return x >= -SUPPORT && x < SUPPORT ? sinc(x) * sinc(x / SUPPORT) : 0.0;
    }

    /**
     * Coefficients depend only on the two sizes, and a dataset has few distinct sizes, so they are computed once
     * per size pair (a few thousand sine evaluations each, more than the filtering itself for small targets).
     */
    private static final int CACHE_LIMIT = 4096;
    private static final Map<CoeffsKey, Coeffs> CACHE = new ConcurrentHashMap<>();

    private record CoeffsKey(int inSize, double in0, double in1, int outSize) {
    }

    private static Coeffs coefficients(int inSize, double in0, double in1, int outSize) {
        CoeffsKey key = new CoeffsKey(inSize, in0, in1, outSize);
        Coeffs c = CACHE.get(key);
        if (c == null) {
            c = computeCoefficients(inSize, in0, in1, outSize);
            if (CACHE.size() < CACHE_LIMIT) {
                CACHE.put(key, c);
            }
        }
        return c;
    }

    private static Coeffs computeCoefficients(int inSize, double in0, double in1, int outSize) {
        double scale = (in1 - in0) / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[outSize];
        int[] count = new int[outSize];
        int[] kk = new int[outSize * ksize];
        double[] w = new double[ksize];
        double ss = 1.0 / filterScale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = in0 + (xx + 0.5) * scale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double v = lanczos((x + xmin - center + 0.5) * ss);
                w[x] = v;
                ww += v;
            }
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0.0 ? w[x] / ww : w[x];
                // Rounds half away from zero, as a C cast of (v*2^22 +- 0.5) does.
                kk[xx * ksize + x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
            }
            start[xx] = xmin;
            count[xx] = xmax;
        }
        return new Coeffs(ksize, start, count, kk);
    }

    private static int clip8(int acc) {
        if (acc <= 0) {
            return 0;
        }
        int v = acc >> PRECISION_BITS;
        return v > 255 ? 255 : v;
    }

    /** Resamples interleaved 8-bit pixels with {@code ch} channels. */
    static byte[] resample(byte[] src, int inW, int inH, int ch, Box box, int outW, int outH) {
        if (outW <= 0 || outH <= 0) {
            throw new IllegalArgumentException("bad target size " + outW + "x" + outH);
        }
        if (box.x1() > inW || box.y1() > inH) {
            throw new IllegalArgumentException("box " + box + " outside a " + inW + "x" + inH + " image");
        }
        // As Pillow: a pass runs when its size changes or the box is not the whole side.
        boolean horizontal = outW != inW || box.x0() != 0 || box.x1() != inW;
        boolean vertical = outH != inH || box.y0() != 0 || box.y1() != inH;
        if (!horizontal && !vertical) {
            return src.clone();
        }
        Coeffs cv = vertical ? coefficients(inH, box.y0(), box.y1(), outH) : null;
        // Rows of the input that the vertical pass reads: the horizontal pass only computes those.
        int yFirst = 0;
        int yLast = inH;
        if (cv != null) {
            yFirst = cv.start[0];
            yLast = cv.start[outH - 1] + cv.count[outH - 1];
        }
        byte[] tmp = src;
        int tmpRows = inH;
        int tmpOffsetRow = 0;
        if (horizontal) {
            Coeffs ch0 = coefficients(inW, box.x0(), box.x1(), outW);
            tmpRows = yLast - yFirst;
            tmp = horizontalPass(src, inW, ch, outW, yFirst, tmpRows, ch0);
            tmpOffsetRow = yFirst;
        }
        if (!vertical) {
            return tmp;
        }
        return verticalPass(tmp, outW, ch, outH, tmpOffsetRow, cv);
    }

    private static byte[] horizontalPass(byte[] src, int inW, int ch, int outW, int yFirst, int rows, Coeffs c) {
        byte[] out = new byte[outW * rows * ch];
        int ksize = c.ksize;
        int half = 1 << (PRECISION_BITS - 1);
        for (int y = 0; y < rows; y++) {
            int rowIn = (y + yFirst) * inW * ch;
            int rowOut = y * outW * ch;
            for (int xx = 0; xx < outW; xx++) {
                int xmin = c.start[xx];
                int n = c.count[xx];
                int k0 = xx * ksize;
                for (int b = 0; b < ch; b++) {
                    int acc = half;
                    int p = rowIn + xmin * ch + b;
                    for (int x = 0; x < n; x++, p += ch) {
                        acc += (src[p] & 0xFF) * c.kk[k0 + x];
                    }
                    out[rowOut + xx * ch + b] = (byte) clip8(acc);
                }
            }
        }
        return out;
    }

    private static byte[] verticalPass(byte[] src, int w, int ch, int outH, int rowOffset, Coeffs c) {
        int stride = w * ch;
        byte[] out = new byte[stride * outH];
        int ksize = c.ksize;
        int half = 1 << (PRECISION_BITS - 1);
        int[] acc = new int[stride];
        for (int yy = 0; yy < outH; yy++) {
            int ymin = c.start[yy] - rowOffset;
            int n = c.count[yy];
            int k0 = yy * ksize;
            Arrays.fill(acc, half);
            for (int y = 0; y < n; y++) {
                int k = c.kk[k0 + y];
                int row = (ymin + y) * stride;
                for (int i = 0; i < stride; i++) {
                    acc[i] += (src[row + i] & 0xFF) * k;
                }
            }
            int o = yy * stride;
            for (int i = 0; i < stride; i++) {
                out[o + i] = (byte) clip8(acc[i]);
            }
        }
        return out;
    }
}
