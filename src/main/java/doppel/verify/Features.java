package doppel.verify;

import java.util.List;

/**
 * ORB keypoints and descriptors of one image and of its mirror image, in the frame of the image as decoded for
 * matching (longer side at most {@link FeatureExtractor#MAX_SIDE}). Held as plain arrays so that a cache of
 * them owns no native memory.
 *
 * @param width       width of the frame the points are in
 * @param height      height of that frame
 * @param points      x, y of each keypoint, interleaved
 * @param descriptors 32 bytes per keypoint
 * @param mirrored    the same for the horizontally mirrored image, points in the mirrored frame
 * @param content     the image's content box in that frame (uniform borders and bars trimmed)
 * @param overWhite   for an image with transparent pixels, the features of the image composited onto white (same
 *                    frame; its own content box); null for an opaque image
 */
public record Features(int width, int height, float[] points, byte[] descriptors, Side mirrored, ContentBox content,
                       Features overWhite) {
    /** The features of an opaque image. */
    public Features(int width, int height, float[] points, byte[] descriptors, Side mirrored, ContentBox content) {
        this(width, height, points, descriptors, mirrored, content, null);
    }

    /** One set of keypoints and descriptors. */
    public record Side(float[] points, byte[] descriptors) {
        public int count() {
            return points.length / 2;
        }
    }

    public Side straight() {
        return new Side(points, descriptors);
    }

    public int count() {
        return points.length / 2;
    }

    /** The features of the image's pictures: as decoded, then over white when it has transparent pixels. */
    public List<Features> pictures() {
        return overWhite == null ? List.of(this) : List.of(this, overWhite);
    }

    /** These features with those of the image composited onto white. */
    Features withOverWhite(Features composite) {
        return new Features(width, height, points, descriptors, mirrored, content, composite);
    }

    /** The content box mirrored left-right, for matching against the mirrored keypoints. */
    public ContentBox mirroredContent() {
        return new ContentBox(width - content.x() - content.width(), content.y(), content.width(), content.height());
    }
}
