/**
 * Image decoding: {@link doppel.image.ImageLoader} (ImageIO, TwelveMonkeys and OpenCV's reduced JPEG decoding,
 * with a pixel limit), the pixel types {@link doppel.image.GrayImage} and {@link doppel.image.RgbImage}, and
 * {@link doppel.image.PilLanczos} (PIL's resize, for imagededup-identical hashes).
 */
package doppel.image;
