package doppel.image;

/**
 * The grey pictures of one decoded image that {@code find --thorough} fingerprints and verifies: the image as every
 * encoder sees it (alpha dropped, as PIL's {@code convert('RGB')} does, so the colour stored under transparent
 * pixels shows, often black) and, for an image with transparent pixels, the image composited onto white, which is
 * what most exporters (JPEG, web tools) make of it.
 *
 * @param plain     the image with alpha dropped
 * @param overWhite the image composited onto white, or null when it has no transparent pixel (no alpha channel, or
 *                  every pixel opaque)
 */
public record GrayViews(GrayImage plain, GrayImage overWhite) {
}
