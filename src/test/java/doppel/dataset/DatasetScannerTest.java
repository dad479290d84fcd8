package doppel.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {
    @TempDir
    Path tmp;

    private static Path touch(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private static List<String> rels(ScanResult r) {
        return r.files().stream().map(ImageFile::key).toList();
    }

    @Test
    void walksRecursivelySortedByExtensionCaseInsensitively() throws IOException {
        Path a = tmp.resolve("a");
        touch(a.resolve("z.JPG"), "1");
        touch(a.resolve("b/y.webp"), "22");
        touch(a.resolve("b/notes.txt"), "x");
        touch(a.resolve("c.TiFf"), "x");
        touch(a.resolve("d.jpe"), "x");
        touch(a.resolve("readme"), "x");
        ScanResult r = new DatasetScanner().scanDirs(List.of(a));
        assertEquals(List.of("a/b/y.webp", "a/c.TiFf", "a/d.jpe", "a/z.JPG"), rels(r));
        ImageFile y = r.files().get(0);
        assertEquals(2, y.size());
        assertEquals(Files.getLastModifiedTime(a.resolve("b/y.webp")).toMillis(), y.mtimeMillis());
        assertEquals(a.toAbsolutePath(), y.dataset().root());
    }

    @Test
    void repeatedFolderNamesGetSuffixes() throws IOException {
        Path one = tmp.resolve("x/train");
        Path two = tmp.resolve("y/train");
        Path three = tmp.resolve("z/train");
        touch(one.resolve("1.png"), "1");
        touch(two.resolve("1.png"), "1");
        Files.createDirectories(three);
        ScanResult r = new DatasetScanner().scanDirs(List.of(one, two, three));
        assertEquals(List.of("train", "train-2", "train-3"), r.datasets().stream().map(Dataset::name).toList());
        assertEquals(List.of("train/1.png", "train-2/1.png"), rels(r));
    }

    @Test
    void oddNamesWork() throws IOException {
        Path a = tmp.resolve("odd");
        touch(a.resolve("with space/ünïcödé 猫.jpg"), "1");
        touch(a.resolve("new\nline.png"), "2");
        ScanResult r = new DatasetScanner().scanDirs(List.of(a));
        assertEquals(List.of("odd/new\nline.png", "odd/with space/ünïcödé 猫.jpg"), rels(r));
        assertTrue(Files.exists(r.files().get(1).path()));
    }

    @Test
    void dataLayoutTakesOnlyDataFolder() throws IOException {
        Path d = tmp.resolve("ds");
        touch(d.resolve("data/cat/1.jpg"), "1");
        touch(d.resolve("preview.jpg"), "1");
        touch(d.resolve("annotations/cat/1.png"), "mask");
        assertEquals(List.of("ds/data/cat/1.jpg"), rels(new DatasetScanner().scanDirs(List.of(d))));
        ScanResult off = new DatasetScanner(new ScanOptions(false, true, false)).scanDirs(List.of(d));
        assertEquals(List.of("ds/annotations/cat/1.png", "ds/data/cat/1.jpg", "ds/preview.jpg"), rels(off));
    }

    @Test
    void sidecarsBesideAndUnderAnnotations() throws IOException {
        Path d = tmp.resolve("ds");
        touch(d.resolve("data/cat/1.jpg"), "1");
        Path json = touch(d.resolve("data/cat/1.json"), "{}");
        Path full = touch(d.resolve("data/cat/1.jpg.txt"), "t");
        touch(d.resolve("data/cat/10.json"), "other image's");
        Path xml = touch(d.resolve("annotations/cat/1.xml"), "<a/>");
        Path mask = touch(d.resolve("annotations/cat/1.png"), "mask");
        touch(d.resolve("annotations/dog/1.xml"), "other folder");
        ScanResult r = new DatasetScanner().scanDirs(List.of(d));
        ImageFile img = r.files().get(0);
        assertEquals(List.of(json, full, mask, xml).stream().map(p -> p.toAbsolutePath()).sorted().toList(),
                SidecarFinder.of(ScanOptions.DEFAULT).sidecarsOf(img));
        assertEquals(List.of(), SidecarFinder.of(new ScanOptions(true, false, false)).sidecarsOf(img));
    }

    @Test
    void sidecarSharedByTwoImagesIsLeftAlone() throws IOException {
        Path d = tmp.resolve("ds");
        touch(d.resolve("1.jpg"), "1");
        touch(d.resolve("1.png"), "2");
        touch(d.resolve("1.json"), "{}");
        ScanResult r = new DatasetScanner().scanDirs(List.of(d));
        assertEquals(2, r.files().size());
        assertEquals(List.of(), SidecarFinder.of(ScanOptions.DEFAULT).sidecarsOf(r.files().get(0)));
    }

    @Test
    void symlinkLoopAndBrokenLinkAreSkipped() throws IOException {
        Path d = tmp.resolve("ds");
        touch(d.resolve("sub/1.jpg"), "1");
        Files.createSymbolicLink(d.resolve("sub/loop"), d);
        Files.createSymbolicLink(d.resolve("gone.jpg"), d.resolve("missing.jpg"));
        Path outside = touch(tmp.resolve("elsewhere/2.png"), "2");
        Files.createSymbolicLink(d.resolve("linked.png"), outside);

        ScanResult followed = new DatasetScanner(new ScanOptions(true, true, true)).scanDirs(List.of(d));
        assertEquals(List.of("ds/linked.png", "ds/sub/1.jpg"), rels(followed));
        assertEquals(List.of(new SkippedFile("ds", "gone.jpg", "broken symlink"),
                new SkippedFile("ds", "sub/loop", "symlink loop")), followed.skipped());

        ScanResult plain = new DatasetScanner().scanDirs(List.of(d));
        assertEquals(List.of("ds/sub/1.jpg"), rels(plain));
        assertEquals(List.of("gone.jpg: broken symlink", "linked.png: symlink not followed (--follow-links)",
                        "sub/loop: symlinked directory not followed (--follow-links)"),
                plain.skipped().stream().map(s -> s.relativePath() + ": " + s.reason()).toList());
    }

    @Test
    void aFolderGivenAsASymlinkIsWalkedOnlyWhenLinksAreFollowed() throws IOException {
        touch(tmp.resolve("real/sub/1.jpg"), "1");
        touch(tmp.resolve("real/2.png"), "2");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));

        // the walk hands out the given folder itself: not below it, its relative path is empty
        ScanResult plain = new DatasetScanner().scanDirs(List.of(link));
        assertEquals(List.of(), rels(plain));
        assertEquals(List.of(new SkippedFile("link", "", "symlinked directory not followed (--follow-links)")),
                plain.skipped());

        ScanResult followed = new DatasetScanner(new ScanOptions(true, true, true)).scanDirs(List.of(link));
        assertEquals(List.of("link/2.png", "link/sub/1.jpg"), rels(followed));
        assertTrue(Files.exists(followed.files().get(1).path()));
    }

    @Test
    void unreadableDirectoryIsSkipped() throws IOException {
        Path d = tmp.resolve("ds");
        touch(d.resolve("ok/1.jpg"), "1");
        Path locked = d.resolve("locked");
        touch(locked.resolve("2.jpg"), "2");
        locked.toFile().setReadable(false);
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked),
                    "running as root: permissions are not enforced, cannot test an unreadable folder");
            ScanResult r = new DatasetScanner().scanDirs(List.of(d));
            assertEquals(List.of("ds/ok/1.jpg"), rels(r));
            assertEquals(List.of(new SkippedFile("ds", "locked", "unreadable (permission denied)")), r.skipped());
        } finally {
            locked.toFile().setReadable(true);
        }
    }

    @Test
    void scanRootNamesDatasetsByRelativeDir() throws IOException {
        touch(tmp.resolve("root/a/b/1.jpg"), "1");
        touch(tmp.resolve("root/c/2.jpg"), "2");
        ScanResult r = new DatasetScanner().scanRoot(tmp.resolve("root"), List.of("a/b", "c"));
        assertEquals(List.of("a/b/1.jpg", "c/2.jpg"), rels(r));
        assertEquals(tmp.resolve("root/a/b").toAbsolutePath(), r.datasets().get(0).root());
    }

    @Test
    void fileListResolvesCommentsRelativeAndMissing() throws IOException {
        Path one = touch(tmp.resolve("imgs/x/1.jpg"), "1");
        touch(tmp.resolve("imgs/y/2.png"), "22");
        touch(tmp.resolve("imgs/y/notes.txt"), "t");
        Path list = tmp.resolve("lists/picked.txt");
        touch(list, "# a comment\n\n" + one.toAbsolutePath() + "\n../imgs/y/2.png\r\n../imgs/y/3.png\n"
                + "../imgs/y/notes.txt\n../imgs/x/1.jpg\n");
        ScanResult r = new DatasetScanner().scanFileList(list);
        assertEquals("picked", r.datasets().get(0).name());
        assertEquals(tmp.resolve("imgs").toAbsolutePath(), r.datasets().get(0).root());
        assertEquals(List.of("picked/x/1.jpg", "picked/y/2.png"), rels(r));
        assertEquals(List.of(new SkippedFile("picked", "y/3.png", "missing file"),
                new SkippedFile("picked", "y/notes.txt", "not an image file name")), r.skipped());
    }

    @Test
    void missingInputIsOneLineError() {
        Path missing = tmp.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetScanner().scanDirs(List.of(missing)));
        assertEquals("not a directory: " + missing, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DatasetScanner().scanFileList(missing));
    }

    @Test
    void foldersHoldingADoppelJournalOrMarkerAreSkippedButAGivenFolderIsScanned() throws IOException {
        Path a = tmp.resolve("a");
        touch(a.resolve("keep.jpg"), "1");
        // the journal sorts after the images of its folder, so they are collected before it is seen
        touch(a.resolve("moved/A/x.jpg"), "2");
        touch(a.resolve("moved/b.jpg"), "2");
        touch(a.resolve("moved/doppel-journal-20261123-141500-a3f9.jsonl"), "{}");
        touch(a.resolve("marked/deep/y.png"), "3");
        touch(a.resolve("marked/" + DatasetScanner.DUPLICATES_MARKER), "");
        touch(a.resolve("notes/journal.jsonl"), "{}");
        touch(a.resolve("notes/z.jpg"), "4");
        assertEquals(List.of("a/keep.jpg", "a/notes/z.jpg"), rels(new DatasetScanner().scanDirs(List.of(a))));
        assertEquals(List.of("A/x.jpg", "b.jpg"),
                new DatasetScanner().scanDirs(List.of(a.resolve("moved"))).files().stream()
                        .map(ImageFile::relativePath).toList(), "a folder named on purpose is scanned");
        assertEquals(List.of("deep/y.png"), new DatasetScanner().scanDirs(List.of(a.resolve("marked"))).files().stream()
                .map(ImageFile::relativePath).toList());
    }
}
