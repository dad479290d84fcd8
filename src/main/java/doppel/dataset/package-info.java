/**
 * Datasets and their image files: {@link doppel.dataset.DatasetScanner} walks dataset folders (or file lists)
 * into {@link doppel.dataset.ScanResult}s of {@link doppel.dataset.ImageFile}s, as {@link doppel.dataset.ScanOptions}
 * and {@link doppel.dataset.FileFilter} say; {@link doppel.dataset.SidecarFinder} finds annotation files.
 */
package doppel.dataset;
