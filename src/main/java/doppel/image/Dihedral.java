package doppel.image;

import java.util.List;

/**
 * The eight rotations and flips of a rectangle (the dihedral group D4). Rotations are counter-clockwise, as
 * PIL's {@code Image.Transpose.ROTATE_90}. Used to find copies that were rotated or mirrored.
 */
public enum Dihedral {
    IDENTITY, ROT90, ROT180, ROT270, FLIP_H, FLIP_V, TRANSPOSE, TRANSVERSE;

    /** The seven transforms other than identity, in the order of {@code EncodedImage.variants}. */
    public static final List<Dihedral> NON_IDENTITY =
            List.of(ROT90, ROT180, ROT270, FLIP_H, FLIP_V, TRANSPOSE, TRANSVERSE);

    /** True when the transform exchanges width and height. */
    public boolean swapsSides() {
        return this == ROT90 || this == ROT270 || this == TRANSPOSE || this == TRANSVERSE;
    }

    /** Returns the transformed image (the input itself for identity). */
    public GrayImage apply(GrayImage in) {
        if (this == IDENTITY) {
            return in;
        }
        int w = swapsSides() ? in.height() : in.width();
        int h = swapsSides() ? in.width() : in.height();
        return new GrayImage(w, h, permute(in.gray(), in.width(), in.height(), 1));
    }

    /** Returns the transformed image (the input itself for identity). */
    public RgbImage apply(RgbImage in) {
        if (this == IDENTITY) {
            return in;
        }
        int w = swapsSides() ? in.height() : in.width();
        int h = swapsSides() ? in.width() : in.height();
        return new RgbImage(w, h, permute(in.rgb(), in.width(), in.height(), 3));
    }

    /**
     * Where a region of a {@code w x h} image lies after the transform (in the transformed image's coordinates), so
     * that a partly covered decode ({@link ImageLoader.GrayDecode}) keeps its picture's place when turned or flipped.
     */
    public PilLanczos.Box apply(PilLanczos.Box b, int w, int h) {
        return switch (this) {
            case IDENTITY -> b;
            case ROT90 -> new PilLanczos.Box(b.y0(), w - b.x1(), b.y1(), w - b.x0());
            case ROT180 -> new PilLanczos.Box(w - b.x1(), h - b.y1(), w - b.x0(), h - b.y0());
            case ROT270 -> new PilLanczos.Box(h - b.y1(), b.x0(), h - b.y0(), b.x1());
            case FLIP_H -> new PilLanczos.Box(w - b.x1(), b.y0(), w - b.x0(), b.y1());
            case FLIP_V -> new PilLanczos.Box(b.x0(), h - b.y1(), b.x1(), h - b.y0());
            case TRANSPOSE -> new PilLanczos.Box(b.y0(), b.x0(), b.y1(), b.x1());
            case TRANSVERSE -> new PilLanczos.Box(h - b.y1(), w - b.x1(), h - b.y0(), w - b.x0());
        };
    }

    private byte[] permute(byte[] src, int w, int h, int ch) {
        byte[] out = new byte[src.length];
        int outW = swapsSides() ? h : w;
        int outH = swapsSides() ? w : h;
        int o = 0;
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int sx;
                int sy;
                switch (this) {
                    case ROT90 -> { sx = w - 1 - y; sy = x; }
                    case ROT180 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case ROT270 -> { sx = y; sy = h - 1 - x; }
                    case FLIP_H -> { sx = w - 1 - x; sy = y; }
                    case FLIP_V -> { sx = x; sy = h - 1 - y; }
                    case TRANSPOSE -> { sx = y; sy = x; }
                    case TRANSVERSE -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = x; sy = y; }
                }
                int s = (sy * w + sx) * ch;
                for (int c = 0; c < ch; c++) {
                    out[o++] = src[s + c];
                }
            }
        }
        return out;
    }
}
