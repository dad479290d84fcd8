package doppel.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.progress.Progress;
import doppel.stats.HeaderScan;
import doppel.stats.ImageStats;
import doppel.stats.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitTest {
    @TempDir
    Path tmp;

    private Dataset ds;
    private final List<ImageFile> files = new ArrayList<>();
    private final Map<String, ImageFile> byName = new HashMap<>();
    private Map<ImageFile, int[]> sizes;

    @BeforeEach
    void writeDataset() throws IOException {
        ds = new Dataset("ds", tmp.resolve("ds"));
        add("data/c1/s1/t1/a.png", 100, 100);  // 10,000 px
        add("data/c1/s1/t1/b.jpg", 200, 100);  // 20,000
        add("data/c1/s1/t1/c.png", 300, 100);  // 30,000
        add("data/c1/s1/t1/d.png", 150, 200);  // 30,000: ties with c, after it by path
        add("data/c1/s1/t1/e.png", 50, 50);    //  2,500
        add("data/c1/s2/t2/x.png", 100, 100);
        add("data/c1/s2/t2/y.png", 50, 50);
        ImageFile broken = TestImages.writeBytes(ds, "data/c1/s2/t2/broken.png", new byte[] {1, 2, 3});
        files.add(broken);
        byName.put("broken", broken);
        HeaderScan scan = ImageStats.scan(files, 2, Progress.NONE);
        sizes = scan.sizes();
    }

    private void add(String path, int w, int h) throws IOException {
        ImageFile f = TestImages.write(ds, path, w, h, path.endsWith(".jpg") ? "jpeg" : "png");
        files.add(f);
        byName.put(path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('.')), f);
    }

    private List<ImageFile> named(String... names) {
        List<ImageFile> out = new ArrayList<>();
        for (String n : names) {
            out.add(byName.get(n));
        }
        return out;
    }

    @Test
    void resolutionAloneRanksEachTopic() {
        SplitPlan plan = Split.plan(files, sizes, null, 2, 1, 0);
        assertEquals(List.of("data/c1/s1/t1", "data/c1/s2/t2"), List.copyOf(plan.trainSet().keySet()));
        assertEquals(named("c", "d"), plan.trainSet().get("data/c1/s1/t1"));
        assertEquals(named("b"), plan.validSet().get("data/c1/s1/t1"));
        // t2 has 2 readable images for 2 + 1 wanted: training is filled first.
        assertEquals(named("x", "y"), plan.trainSet().get("data/c1/s2/t2"));
        assertEquals(List.of(), plan.validSet().get("data/c1/s2/t2"));
        assertEquals(Map.of("data/c1/s2/t2", 2), plan.shortTopics());
        assertEquals(Map.of(byName.get("broken"), "size unknown (unreadable image)"), plan.skipped());
        String summary = plan.summary();
        assertTrue(summary.contains("data/c1/s2/t2: 2 images -> 2 train, 0 valid"), summary);
        assertTrue(summary.contains("data/c1/s2/t2/broken.png: size unknown"), summary);
    }

    @Test
    void scoresWeightTheResolution() {
        Map<ImageFile, Float> scores = new HashMap<>();
        scores.put(byName.get("a"), 5f);    // 50,000
        scores.put(byName.get("b"), 1f);    // 20,000
        scores.put(byName.get("c"), 1f);    // 30,000
        scores.put(byName.get("d"), 2f);    // 60,000
        scores.put(byName.get("e"), 10f);   // 25,000
        scores.put(byName.get("x"), 1f);    // y has no score
        SplitPlan plan = Split.plan(files, sizes, scores, 2, 2, 0);
        assertEquals(named("d", "a"), plan.trainSet().get("data/c1/s1/t1"));
        assertEquals(named("c", "e"), plan.validSet().get("data/c1/s1/t1"));
        assertEquals(named("x"), plan.trainSet().get("data/c1/s2/t2"));
        assertEquals("no aesthetic score", plan.skipped().get(byName.get("y")));
    }

    @Test
    void depthGroupsDeeperFoldersIntoOneTopic() {
        SplitPlan plan = Split.plan(files, sizes, null, 3, 1, 1);
        assertEquals(List.of("data/c1"), List.copyOf(plan.trainSet().keySet()));
        assertEquals(named("c", "d", "b"), plan.trainSet().get("data/c1"));
        // a and x are both 10,000 px: a's path sorts first.
        assertEquals(named("a"), plan.validSet().get("data/c1"));
        assertEquals(Map.of(), plan.shortTopics());
    }

    @Test
    void writesTrainAndValidJson() throws IOException {
        SplitPlan plan = Split.plan(files, sizes, null, 2, 1, 0);
        Path out = tmp.resolve("out/split");
        assertEquals(List.of(out.resolve("train_set.json"), out.resolve("valid_set.json")), plan.write(out));
        ObjectMapper mapper = new ObjectMapper();
        Map<?, ?> train = mapper.readValue(out.resolve("train_set.json").toFile(), Map.class);
        Map<?, ?> valid = mapper.readValue(out.resolve("valid_set.json").toFile(), Map.class);
        assertEquals(Map.of("data/c1/s1/t1", List.of("data/c1/s1/t1/c.png", "data/c1/s1/t1/d.png"),
                "data/c1/s2/t2", List.of("data/c1/s2/t2/x.png", "data/c1/s2/t2/y.png")), train);
        assertEquals(Map.of("data/c1/s1/t1", List.of("data/c1/s1/t1/b.jpg"), "data/c1/s2/t2", List.of()), valid);
    }

    @Test
    void badInputIsRefused() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> Split.plan(files, sizes, null, -1, 1, 0));
        List<ImageFile> mixed = new ArrayList<>(files);
        mixed.add(TestImages.write(new Dataset("other", tmp.resolve("other")), "t/z.png", 10, 10, "png"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.plan(mixed, sizes, null, 1, 1, 0));
        assertEquals("split works on one dataset at a time, got files of [ds, other]", e.getMessage());
    }
}
