package doppel.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.image.ImageException;
import doppel.image.ImageLoader;
import doppel.image.RgbImage;
import doppel.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStatsTest {
    @TempDir
    Path tmp;

    private Dataset ds;
    private final List<ImageFile> files = new ArrayList<>();

    @BeforeEach
    void writeDataset() throws IOException {
        ds = new Dataset("ds", tmp.resolve("ds"));
        files.add(TestImages.write(ds, "data/c1/s1/t1/a.png", 100, 50, "png"));        // 5,000 px: small
        files.add(TestImages.write(ds, "data/c1/s1/t1/b.jpg", 1000, 600, "jpeg"));     // 600,000: medium
        files.add(TestImages.write(ds, "data/c1/s2/t2/c.png", 2000, 1200, "png"));     // 2,400,000: large
        files.add(TestImages.write(ds, "data/c1/s2/t2/g.png", 2000, 1000, "png"));     // 2,000,000: medium (edge)
        files.add(TestImages.write(ds, "data/c2/s3/d.bmp", 800, 800, "bmp"));          // 640,000: medium
        files.add(TestImages.write(ds, "data/c2/s3/e.jpg", 707, 707, "jpeg"));         // 499,849: small
        files.add(TestImages.write(ds, "data/c2/s3/f.png", 1000, 500, "png"));         // 500,000: medium (edge)
        files.add(TestImages.write(ds, "root.png", 10, 10, "png"));                    // small
        files.add(TestImages.writeBytes(ds, "data/c2/s3/broken.jpg", "this is not an image at all".getBytes()));
        files.add(TestImages.writeBytes(ds, "data/c2/s3/empty.png", new byte[0]));
        byte[] png = Files.readAllBytes(ds.resolve("root.png"));
        files.add(TestImages.writeBytes(ds, "data/c1/s1/t1/trunc.png", Arrays.copyOf(png, 12)));
    }

    @Test
    void wholeDatasetCountsClassesAndMediansAreExact() throws IOException {
        StatsReport report = ImageStats.compute(files, 0, 2, Progress.NONE);
        StatsReport.GroupStats all = report.datasets().get("ds").all();
        assertEquals(8, all.total());
        assertEquals(Map.of("png", 5, "jpeg", 2, "bmp", 1), all.formats());
        assertEquals(Map.of("small", 3, "medium", 4, "large", 1), all.resolutionClasses());
        // widths 10,100,707,800,1000,1000,2000,2000; heights 10,50,500,600,707,800,1000,1200
        assertEquals(new StatsReport.Summary(10, 900, 2000), all.width());
        assertEquals(new StatsReport.Summary(10, 653.5, 1200), all.height());
        assertTrue(report.datasets().get("ds").groups().isEmpty());

        Map<String, String> broken = new HashMap<>();
        all.broken().forEach(b -> broken.put(b.path(), b.reason()));
        assertEquals(3, broken.size());
        assertEquals("not an image (unknown format)", broken.get("data/c2/s3/broken.jpg"));
        assertEquals("zero-byte file", broken.get("data/c2/s3/empty.png"));
        assertTrue(broken.get("data/c1/s1/t1/trunc.png").startsWith("cannot read header: "),
                broken.get("data/c1/s1/t1/trunc.png"));

        JsonNode json = new ObjectMapper().readTree(report.toJsonString());
        JsonNode d = json.get("datasets").get("ds");
        assertEquals(8, d.get("total").asInt());
        assertEquals(900, d.get("width").get("median").asInt());
        assertEquals(653.5, d.get("height").get("median").asDouble());
        assertEquals(4, d.get("resolution_classes").get("medium").asInt());
        assertEquals(5, d.get("formats").get("png").asInt());
        assertEquals(3, d.get("broken").size());
        assertFalse(d.has("groups"), "no groups at depth 0");

        Path out = tmp.resolve("datasets_image_statistics.json");
        report.writeJson(out);
        assertEquals(json, new ObjectMapper().readTree(out.toFile()));
        assertFalse(Files.exists(tmp.resolve("datasets_image_statistics.json.tmp")));
    }

    @Test
    void groupsFollowFolderLevelsBelowData() throws IOException {
        StatsReport report = ImageStats.compute(files, 2, 3, Progress.NONE);
        Map<String, StatsReport.GroupStats> groups = report.datasets().get("ds").groups();
        assertEquals(List.of(".", "c1/s1", "c1/s2", "c2/s3"), List.copyOf(groups.keySet()));

        StatsReport.GroupStats s1 = groups.get("c1/s1");
        assertEquals(2, s1.total());
        assertEquals(Map.of("png", 1, "jpeg", 1), s1.formats());
        assertEquals(new StatsReport.Summary(100, 550, 1000), s1.width());
        assertEquals(List.of("data/c1/s1/t1/trunc.png"), s1.broken().stream().map(StatsReport.BrokenFile::path).toList());

        StatsReport.GroupStats s3 = groups.get("c2/s3");
        assertEquals(3, s3.total());
        assertEquals(Map.of("small", 1, "medium", 2, "large", 0), s3.resolutionClasses());
        assertEquals(new StatsReport.Summary(500, 707, 800), s3.height());
        assertEquals(2, s3.broken().size());
        assertEquals(1, groups.get(".").total());

        JsonNode g = new ObjectMapper().readTree(report.toJsonString()).get("datasets").get("ds").get("groups");
        assertEquals(2, g.get("c1/s2").get("total").asInt());
        assertEquals(1, g.get("c1/s2").get("resolution_classes").get("large").asInt());

        Map<String, StatsReport.GroupStats> byCluster = ImageStats.compute(files, 1, 1, Progress.NONE)
                .datasets().get("ds").groups();
        assertEquals(4, byCluster.get("c1").total());
        assertEquals(3, byCluster.get("c2").total());
    }

    @Test
    void tableShowsEveryGroupAndBrokenFile() {
        String table = ImageStats.compute(files, 2, 2, Progress.NONE).toTable();
        String[] lines = table.split("\n");
        assertTrue(lines[0].startsWith("dataset / group"), table);
        String dsRow = Stream.of(lines).filter(l -> l.startsWith("ds ")).findFirst().orElseThrow();
        assertEquals(List.of("ds", "8", "3", "3", "4", "1", "10/900/2000", "10/653.5/1200", "bmp=1", "jpeg=2", "png=5"),
                List.of(dsRow.trim().split("\\s+")));
        assertTrue(table.contains("  c1/s2 "), table);
        assertTrue(table.contains("data/c2/s3/empty.png: zero-byte file"), table);
    }

    @Test
    void datasetsAreReportedSeparatelyAndProgressCountsEveryFile() throws IOException {
        Dataset other = new Dataset("other", tmp.resolve("other"));
        List<ImageFile> both = new ArrayList<>(files);
        both.add(TestImages.write(other, "x/y.jpg", 30, 20, "jpeg"));
        AtomicLong steps = new AtomicLong();
        AtomicLong total = new AtomicLong();
        Progress counting = new Progress() {
            @Override
            public void start(String task, long t) {
                total.set(t);
            }

            @Override
            public void step(long n) {
                steps.addAndGet(n);
            }

            @Override
            public void close() {
            }
        };
        StatsReport report = ImageStats.compute(both, 1, 4, counting);
        assertEquals(List.of("ds", "other"), List.copyOf(report.datasets().keySet()));
        assertEquals(1, report.datasets().get("other").all().total());
        assertEquals(Map.of("jpeg", 1), report.datasets().get("other").groups().get("x").formats());
        assertEquals(both.size(), total.get());
        assertEquals(both.size(), steps.get());
    }

    @Test
    void sizesComeFromTheScan() {
        HeaderScan scan = ImageStats.scan(files, 2, Progress.NONE);
        assertEquals(8, scan.headers().size());
        assertEquals(3, scan.broken().size());
        assertEquals(List.of(2000, 1200), Arrays.stream(scan.sizes().get(files.get(2))).boxed().toList());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ImageStats.compute(files, -1, 1, Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> ImageStats.compute(files, 0, 0, Progress.NONE));
        ImageException missing = assertThrows(ImageException.class, () -> ImageStats.readHeader(tmp.resolve("nope.png")));
        assertEquals("file not found", missing.getMessage());
    }

    /** Header sizes of the shared real photos (JPEG, PNG, WEBP) agree with a full decode. */
    @Test
    void headersOfRealPhotosMatchDecodedSizes() throws IOException {
        String dir = System.getProperty("doppel.shared.photos");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "shared photos not found (system property doppel.shared.photos=" + dir + "); skipping");
        Dataset photos = new Dataset("photos", Path.of(dir));
        List<ImageFile> list;
        try (Stream<Path> s = Files.walk(photos.root())) {
            list = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpe?g|png|webp)$"))
                    .sorted()
                    .map(p -> photos.root().relativize(p).toString().replace('\\', '/'))
                    .map(rel -> {
                        try {
                            return TestImages.of(photos, rel);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
        Assumptions.assumeTrue(!list.isEmpty(), "no photos in " + dir);
        HeaderScan scan = ImageStats.scan(list, 2, Progress.NONE);
        assertEquals(Map.of(), scan.broken());
        assertTrue(scan.headers().values().stream().anyMatch(h -> h.format().equals("webp")), "a webp is read");
        // Decoding is slow: check one file of each format against the decoded size.
        Map<String, Integer> checked = new HashMap<>();
        ImageLoader loader = new ImageLoader();
        for (Map.Entry<ImageFile, ImageHeader> e : scan.headers().entrySet()) {
            if (checked.merge(e.getValue().format(), 1, Integer::sum) > 1) {
                continue;
            }
            RgbImage img = loader.readRgb(e.getKey().path());
            assertEquals(img.width(), e.getValue().width(), e.getKey().relativePath());
            assertEquals(img.height(), e.getValue().height(), e.getKey().relativePath());
        }
    }
}
