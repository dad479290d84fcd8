package doppel.dataset;

/**
 * How {@link DatasetScanner} walks a dataset.
 *
 * @param dataDir     when a dataset root holds a {@code data/} folder, take images from under it only
 * @param annotations find annotation (sidecar) files of images, so that they move with them
 * @param followLinks follow symbolic links to files and directories (loops are reported, not followed)
 * @param filter      which image files are looked at (exclusions, size range, extensions)
 */
public record ScanOptions(boolean dataDir, boolean annotations, boolean followLinks, FileFilter filter) {
    /** Data layout and annotations on, symbolic links not followed, every image file. */
    public static final ScanOptions DEFAULT = new ScanOptions(true, true, false);

    /** Every image file is looked at. */
    public ScanOptions(boolean dataDir, boolean annotations, boolean followLinks) {
        this(dataDir, annotations, followLinks, FileFilter.ALL);
    }
}
