package doppel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.dataset.Dataset;
import doppel.dataset.DatasetScanner;
import doppel.dataset.ScanResult;
import doppel.encode.EncodedImage;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateMaps;
import doppel.search.DuplicateResult;
import doppel.search.HammingSearch;
import doppel.search.KeepPolicy;
import doppel.search.SearchOptions;
import doppel.progress.Progress;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real images through the Spark encode and search, compared with the CLI's in-memory path on the same
 * fingerprints: {@link HammingSearch} + {@link DuplicateFinder} + {@link DuplicateMaps}.
 */
class SparkImagesTest {
    private static final int PHOTOS = 60;

    @TempDir
    static Path tmp;

    private static Path a;
    private static Path b;
    private static String parquet;
    private static Encodings exported;

    @BeforeAll
    static void makeImagesAndEncode() throws IOException {
        String shared = System.getProperty("doppel.shared.photos", "../shared/photos");
        Path photos = Path.of(shared);
        Assumptions.assumeTrue(Files.isDirectory(photos), "shared photos not found at " + photos + ": skipping the Spark image tests");
        a = Files.createDirectories(tmp.resolve("set a"));
        b = Files.createDirectories(tmp.resolve("b"));
        List<Path> sources;
        try (Stream<Path> s = Files.list(photos)) {
            sources = s.filter(p -> p.toString().matches(".*\\.(jpg|png)")).sorted().limit(PHOTOS).toList();
        }
        Files.createDirectories(a.resolve("q60"));
        Files.createDirectories(b.resolve("deep/er"));
        int i = 0;
        for (Path src : sources) {
            BufferedImage img = ImageIO.read(src.toFile());
            if (img == null) {
                continue;
            }
            BufferedImage base = scale(img, 400.0 / Math.max(img.getWidth(), img.getHeight()));
            ImageIO.write(base, "png", a.resolve(i + ".png").toFile());
            jpeg(base, 0.6f, a.resolve("q60/" + i + ".JPG"));
            jpeg(scale(base, 0.5), 0.85f, b.resolve("deep/er/" + i + "_half.jpg"));
            int cw = base.getWidth() / 20;
            int ch = base.getHeight() / 20;
            jpeg(base.getSubimage(cw, ch, base.getWidth() - 2 * cw, base.getHeight() - 2 * ch), 0.9f, b.resolve(i + "_crop.jpeg"));
            i++;
        }
        byte[] junk = new byte[5000];
        new Random(1).nextBytes(junk);
        Files.write(b.resolve("broken.jpg"), junk);
        Files.write(a.resolve("empty.png"), new byte[0]);
        Files.writeString(a.resolve("notes.txt"), "not an image, not listed");

        SparkSession spark = SharedSpark.get();
        parquet = tmp.resolve("enc.parquet").toString();
        SparkEncode.Summary summary = SparkEncode.encodeToParquet(spark,
                List.of(new SparkEncode.Input("a", a.toString()), new SparkEncode.Input("b", b.toString())),
                new HashEncoderFactory("phash", "8", false, false, 0), new SparkEncode.Options(3, Long.MAX_VALUE, false),
                parquet);
        String listing = spark.read().parquet(parquet).filter("skip_reason is not null or path like '%empty%'")
                .select("dataset", "path", "skip_reason").collectAsList().toString();
        assertEquals(4L * i, summary.encoded(), listing);
        // the zero-byte file, which Spark's file scan drops, is listed on its own and skipped like the CLI does
        assertEquals(2, summary.skipped(), listing);
        Path json = tmp.resolve("enc.json");
        EncodingsExport.export(spark, parquet, json);
        exported = EncodingsIO.read(json);
    }

    private static BufferedImage scale(BufferedImage img, double f) {
        int w = Math.max(1, (int) Math.round(img.getWidth() * f));
        int h = Math.max(1, (int) Math.round(img.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static void jpeg(BufferedImage img, float quality, Path out) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        try (ImageOutputStream os = ImageIO.createImageOutputStream(out.toFile())) {
            w.setOutput(os);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }

    @Test
    void exportLoadsWithEncodingsIoAndMatchesTheCliEncoder() throws Exception {
        assertEquals(List.of("a", "b"), exported.datasets().stream().map(Dataset::name).toList());
        assertEquals(a.toAbsolutePath(), exported.datasets().get(0).root());
        Map<String, String> skipped = new TreeMap<>();
        exported.skipped().forEach(s -> skipped.put(s.key(), s.reason()));
        assertEquals(new TreeSet<>(List.of("a/empty.png", "b/broken.jpg")), skipped.keySet(), skipped.toString());
        assertEquals("zero-byte file", skipped.get("a/empty.png"));
        // the CLI's scan and encoder skip the same files for the same reasons
        ScanResult scan = new DatasetScanner().scanDirs(List.of(a, b));
        Map<String, Object> cli = SparkEncode.runEncoder(new HashEncoderFactory("phash", "8", false, false, 0).create(),
                scan.files());
        Map<String, String> cliSkipped = new TreeMap<>();
        scan.skipped().forEach(sk -> cliSkipped.put(sk.key(), sk.reason()));
        cli.forEach((k, v) -> {
            if (v instanceof String reason) {
                cliSkipped.put(k, reason);
            }
        });
        Map<String, String> renamed = new TreeMap<>();
        cliSkipped.forEach((k, v) -> renamed.put(k.replaceFirst("^" + scan.datasets().get(0).name() + "/", "a/")
                .replaceFirst("^" + scan.datasets().get(1).name() + "/", "b/"), v));
        assertEquals(renamed, skipped);
        assertTrue(exported.images().stream().anyMatch(e -> e.file().key().equals("b/deep/er/0_half.jpg")));
        // the same files through the CLI's encoder give the same hashes
        List<doppel.dataset.ImageFile> files = exported.images().stream().map(EncodedImage::file).toList();
        Map<String, Object> direct = SparkEncode.runEncoder(new HashEncoderFactory("phash", "8", false, false, 0).create(), files);
        for (EncodedImage e : exported.images()) {
            assertEquals(e.fingerprint(), ((EncodedImage) direct.get(e.file().key())).fingerprint(), e.file().key());
            assertTrue(e.width() > 0 && e.file().size() > 0 && e.file().mtimeMillis() > 0);
        }
    }

    @Test
    void pairsGroupsMapAndPlanEqualTheCliSearch() throws Exception {
        compare(10, false, KeepPolicy.FIRST_DIR);
        compare(12, false, KeepPolicy.LARGEST_FILE);
        compare(12, true, KeepPolicy.MOST_PIXELS);
    }

    private void compare(int threshold, boolean crossOnly, KeepPolicy keep) throws Exception {
        SparkSession spark = SharedSpark.get();
        SearchOptions so = new SearchOptions(threshold, crossOnly);
        DuplicateResult cli = DuplicateFinder.find(exported.datasets(), exported.spec(), exported.images(), List.of(), so,
                keep, new HammingSearch(1), Progress.NONE);
        SparkFind.Options opts = new SparkFind.Options(threshold, crossOnly, keep, List.of(), 0);
        SparkFind.Search s = SparkFind.search(spark, List.of(parquet), null, opts, null);
        String label = "t=" + threshold + " cross=" + crossOnly + " keep=" + keep;

        TreeSet<String> want = new TreeSet<>();
        cli.pairs().forEach(m -> want.add(key(cli, m.a()) + " " + key(cli, m.b()) + " " + (int) m.score()));
        TreeSet<String> got = new TreeSet<>();
        for (Row r : SparkFind.namedPairs(s.images(), s.pairs()).collectAsList()) {
            String ka = r.getString(0) + "/" + r.getString(1);
            String kb = r.getString(2) + "/" + r.getString(3);
            got.add((ka.compareTo(kb) < 0 ? ka + " " + kb : kb + " " + ka) + " " + r.getInt(4));
        }
        TreeSet<String> wantSorted = new TreeSet<>();
        for (String p : want) {
            String[] f = p.split(" (?=[ab]/)| (?=\\d+$)");
            wantSorted.add((f[0].compareTo(f[1]) < 0 ? f[0] + " " + f[1] : f[1] + " " + f[0]) + " " + f[2]);
        }
        assertFalse(wantSorted.isEmpty(), "the variants must give pairs: " + label);
        assertEquals(wantSorted, got, label);

        Path dupJson = tmp.resolve("dups-" + threshold + crossOnly + ".json");
        FindOutputs.writeDuplicatesJson(s.images(), s.pairs(), dupJson);
        Map<String, List<String>> map = new ObjectMapper().readValue(dupJson.toFile(), new TypeReference<>() { });
        assertEquals(new HashMap<>(DuplicateMaps.duplicates(cli)), new HashMap<>(map), label);

        List<String> roots = SparkFind.roots(s);
        var groups = SparkFind.groups(s.images(), s.pairs(), SparkFind.components(s.pairs()), s.spec(), s.datasets(),
                roots, opts).cache();
        TreeSet<String> wantGroups = new TreeSet<>();
        cli.groups().forEach(g -> wantGroups.add(key(cli, g.kept()) + " <- "
                + g.members().stream().map(m -> key(cli, m)).sorted().toList()));
        Map<Long, List<String>> members = new TreeMap<>();
        Map<Long, String> kept = new HashMap<>();
        for (Row r : groups.collectAsList()) {
            String k = r.getString(5) + "/" + r.getString(7);
            members.computeIfAbsent(r.getLong(0), x -> new ArrayList<>()).add(k);
            if (r.getBoolean(2)) {
                kept.put(r.getLong(0), k);
            }
        }
        TreeSet<String> gotGroups = new TreeSet<>();
        members.forEach((g, m) -> gotGroups.add(kept.get(g) + " <- " + m.stream().sorted().toList()));
        assertEquals(wantGroups, gotGroups, label);

        // the driver path (pairs collected, the CLI's grouping run once) gives the same groups and map
        List<Row> localPairs = s.pairs().collectAsList();
        SparkFind.DriverGroups driver = SparkFind.groupsOnDriver(s.images(), localPairs, s.spec(), s.datasets(), roots,
                opts);
        List<Row> onDriver = driver.groups().collectAsList();
        assertEquals(new TreeSet<>(groups.collectAsList().stream().map(Row::toString).toList()),
                new TreeSet<>(onDriver.stream().map(Row::toString).toList()), label);
        Map<Long, String> keys = driver.keys();
        Path driverJson = tmp.resolve("driver-dups-" + threshold + crossOnly + ".json");
        FindOutputs.writeDuplicatesJson(s.images(), localPairs, false, keys, driverJson);
        assertEquals(new HashMap<>(DuplicateMaps.duplicates(cli)),
                new HashMap<>(new ObjectMapper().readValue(driverJson.toFile(), new TypeReference<Map<String, List<String>>>() { })),
                label);

        // the JSON encodings searched on the driver (DriverInputFind): the same pairs, groups, roots and map, in
        // the same order (ids numbered as the distributed path numbers them)
        DriverInputFind.Result fromJson = DriverInputFind.find(spark, tmp.resolve("enc.json"), null, opts);
        TreeSet<String> jsonPairs = new TreeSet<>();
        for (Row r : fromJson.pairs().collectAsList()) {
            String ka = r.getString(0) + "/" + r.getString(1);
            String kb = r.getString(2) + "/" + r.getString(3);
            jsonPairs.add((ka.compareTo(kb) < 0 ? ka + " " + kb : kb + " " + ka) + " " + r.getInt(4));
        }
        assertEquals(got, jsonPairs, label);
        assertEquals(got.size(), fromJson.nPairs(), label);
        assertEquals(roots, fromJson.roots(), label);
        assertEquals(new TreeSet<>(onDriver.stream().map(Row::toString).toList()),
                new TreeSet<>(fromJson.groups().collectAsList().stream().map(Row::toString).toList()), label);
        Path jsonDups = tmp.resolve("json-dups-" + threshold + crossOnly + ".json");
        FindOutputs.writeDuplicatesJson(fromJson.map(), jsonDups);
        Map<String, List<String>> distributedMap = new ObjectMapper().readValue(driverJson.toFile(),
                new TypeReference<LinkedHashMap<String, List<String>>>() { });
        assertEquals(new ArrayList<>(distributedMap.entrySet()), new ArrayList<>(new ObjectMapper().readValue(
                jsonDups.toFile(), new TypeReference<LinkedHashMap<String, List<String>>>() { }).entrySet()), label);

        Path plan = tmp.resolve("plan-" + threshold + crossOnly + ".jsonl");
        FindOutputs.writePlan(groups, s.spec(), keep, threshold, crossOnly, s.datasets(), roots, plan);
        List<String> lines = Files.readAllLines(plan);
        ObjectMapper om = new ObjectMapper();
        JsonNode header = om.readTree(lines.get(0));
        assertEquals("doppel-plan", header.get("format").asText());
        assertEquals(2, header.get("version").asInt());
        assertEquals(keep.cliName(), header.get("keep").asText());
        assertEquals(a.toString(), header.get("datasets").get(0).get("root").asText());
        TreeSet<String> planned = new TreeSet<>();
        for (String line : lines.subList(1, lines.size())) {
            JsonNode n = om.readTree(line);
            Path file = Path.of(n.get("root").asText()).resolve(n.get("path").asText());
            assertTrue(Files.isRegularFile(file), line);
            assertEquals(sha256(file), n.get("sha256").asText(), line);
            String keptKey = n.get("kept").asText();
            Path keptFile = (keptKey.startsWith("a/") ? a : b).resolve(keptKey.substring(2));
            assertEquals(sha256(keptFile), n.get("kept_sha256").asText(), line);
            assertEquals(Files.size(keptFile), n.get("kept_size").asLong(), line);
            planned.add(n.get("dataset").asText() + "/" + n.get("path").asText());
        }
        TreeSet<String> toRemove = new TreeSet<>();
        cli.toRemove().forEach(e -> toRemove.add(e.file().key()));
        assertEquals(toRemove, planned, label);
        assertEquals(toRemove.size(), header.get("files").asInt());
        groups.unpersist();
        s.images().unpersist();
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    private static String key(DuplicateResult r, int i) {
        return r.images().get(i).file().key();
    }
}
