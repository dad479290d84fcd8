package doppel.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** czkawka-style filters: excluded globs, a size range and extensions, applied while scanning. */
class FileFilterTest {
    @TempDir
    Path tmp;

    @Test
    void globsWithoutSlashMatchAnyNameOnThePathWithSlashTheWholePath() {
        FileFilter f = new FileFilter(List.of("*.tmp.jpg", "thumbs", "raw/**"), 0, Long.MAX_VALUE, Set.of());
        assertFalse(f.accepts("a/b.tmp.jpg", 10));
        assertFalse(f.accepts("x/thumbs/c.jpg", 10));
        assertFalse(f.accepts("raw/2024/c.jpg", 10));
        assertTrue(f.accepts("cooked/raw/c.jpg", 10), "raw/** is anchored at the dataset root");
        assertTrue(f.accepts("thumbsup/c.jpg", 10));
    }

    @Test
    void sizeRangeAndExtensionsAreInclusiveAndCaseInsensitive() {
        FileFilter f = new FileFilter(List.of(), 100, 200, Set.of(".JPG", "png"));
        assertTrue(f.accepts("a.jpg", 100));
        assertTrue(f.accepts("a.PNG", 200));
        assertFalse(f.accepts("a.jpg", 99));
        assertFalse(f.accepts("a.jpg", 201));
        assertFalse(f.accepts("a.webp", 150));
        assertThrows(IllegalArgumentException.class, () -> new FileFilter(List.of(), 0, 10, Set.of("txt")));
        assertThrows(IllegalArgumentException.class, () -> new FileFilter(List.of(), 10, 5, Set.of()));
    }

    @Test
    void theScannerLeavesFilteredFilesOut() throws Exception {
        Path d = tmp.resolve("D");
        Files.createDirectories(d.resolve("thumbs"));
        Files.write(d.resolve("big.jpg"), new byte[5000]);
        Files.write(d.resolve("small.jpg"), new byte[10]);
        Files.write(d.resolve("pic.png"), new byte[5000]);
        Files.write(d.resolve("thumbs/t.jpg"), new byte[5000]);
        FileFilter filter = new FileFilter(List.of("thumbs"), 1024, Long.MAX_VALUE, Set.of("jpg"));
        ScanResult r = new DatasetScanner(new ScanOptions(true, true, false, filter)).scanDirs(List.of(d));
        assertEquals(List.of("big.jpg"), r.files().stream().map(ImageFile::relativePath).toList());
        assertEquals(List.of(), r.skipped());
    }
}
