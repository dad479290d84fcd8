package doppel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.encode.EncoderSpec;
import doppel.results.ActionInfo;
import doppel.results.Fixture;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import doppel.testing.Trees;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private ResultsFile results(Fixture f, ActionInfo actions) throws IOException {
        Path file = tmp.resolve("results.json");
        ResultsIO.write(f.result, file, actions);
        return ResultsIO.read(file);
    }

    @Test
    void everyGroupIsInTheReportWithJpegPreviewsAndNoExternalUrl() throws IOException {
        Fixture f = Fixture.create(tmp, 7, EncoderSpec.Metric.HAMMING);
        ResultsFile r = results(f, null);
        Path html = tmp.resolve("report/report.html");
        HtmlReport.Stats stats = HtmlReport.write(r, html, ReportOptions.defaults().withThreads(2));
        String page = Files.readString(html);

        assertEquals(new HtmlReport.Stats(7, 17, 0, 0, Files.size(html)), stats);
        JsonNode data = JSON.readTree(script(page, "doppel-data"));
        assertEquals(7, data.get("groups").size());
        assertEquals("REMOVE", data.get("removeBadge").asText());
        Set<String> shown = new HashSet<>();
        for (JsonNode g : data.get("groups")) {
            assertEquals("KEPT", g.get("m").get(0).get("b").asText(), "kept image first");
            g.get("m").forEach(m -> shown.add(m.get("k").asText()));
        }
        Set<String> expected = new HashSet<>();
        r.groups().forEach(g -> g.members().forEach(m -> expected.add(m.key())));
        assertEquals(expected, shown);

        Map<String, String> thumbs = thumbnails(page);
        assertEquals(expected, thumbs.keySet());
        for (Map.Entry<String, String> e : thumbs.entrySet()) {
            assertTrue(e.getValue().startsWith("data:image/jpeg;base64,"), e.getKey());
            byte[] jpeg = Base64.getDecoder().decode(e.getValue().substring(e.getValue().indexOf(',') + 1));
            assertEquals("JPEG", formatOf(jpeg).toUpperCase(java.util.Locale.ROOT), e.getKey());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertEquals(160, Math.max(img.getWidth(), img.getHeight()), e.getKey());
        }
        // The preview of an original keeps its 4:3 aspect.
        BufferedImage g0 = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                thumbs.get("A/cats/g0.jpg").substring(23))));
        assertEquals(120, g0.getHeight());

        assertFalse(page.contains("http:") || page.contains("https:") || page.contains("//cdn"), "must work offline");
        assertTrue(page.contains("<details class=\"skipped\">"));
        assertTrue(page.contains("<code>B/empty.png</code>: zero-byte file"));
        assertTrue(page.contains("Hamming distance \u2264 10"));
        assertTrue(page.contains("phash (64 bits, hash_size=8)"));
        assertFalse(page.contains("id=\"missing-count\""));
        // Every member of this run's groups spans both datasets, so each gets a side.
        assertEquals("reference", data.get("groups").get(0).get("m").get(0).get("side").asText());
        assertEquals("query", data.get("groups").get(0).get("m").get(1).get("side").asText());
    }

    @Test
    void missingImagesBecomePlaceholdersAndMovedOnesAreFoundInTheTarget() throws IOException {
        Fixture f = Fixture.create(tmp, 3, EncoderSpec.Metric.HAMMING);
        Path target = tmp.resolve("duplicates");
        // One removed file was moved (and is found there), another vanished.
        Path moved = target.resolve("B/g1_small.jpg");
        Files.createDirectories(moved.getParent());
        Files.move(f.files.get("B/g1_small.jpg"), moved);
        Files.delete(f.files.get("B/g2_small.jpg"));
        Files.writeString(f.files.get("A/g0_copy.png"), "not an image any more");
        ResultsFile r = results(f, new ActionInfo(ActionInfo.Mode.MOVE, target, target.resolve("journal.jsonl")));

        Path html = tmp.resolve("report.html");
        HtmlReport.Stats stats = HtmlReport.write(r, html, ReportOptions.defaults());
        assertEquals(1, stats.missing());
        assertEquals(1, stats.unreadable());
        assertEquals(5, stats.thumbnails());
        String page = Files.readString(html);
        assertTrue(page.contains("id=\"missing-count\">1 missing, 1 unreadable"), page.substring(0, 3000));
        assertTrue(page.contains("Undo journal"));
        JsonNode data = JSON.readTree(script(page, "doppel-data"));
        assertEquals("MOVED", data.get("removeBadge").asText());
        Map<String, JsonNode> byKey = new HashMap<>();
        data.get("groups").forEach(g -> g.get("m").forEach(m -> byKey.put(m.get("k").asText(), m)));
        assertEquals("missing", byKey.get("B/g2_small.jpg").get("x").asText());
        assertEquals("unreadable", byKey.get("A/g0_copy.png").get("x").asText());
        assertNotNull(byKey.get("B/g1_small.jpg").get("t"), "moved file found under the target directory");
        assertTrue(thumbnails(page).containsKey("B/g1_small.jpg"));
    }

    @Test
    void hostileFileNamesCannotBreakOutOfTheDataScripts() throws IOException {
        Fixture f = Fixture.create(tmp, 2, EncoderSpec.Metric.COSINE);
        // Move a real file to a path that would end the script element if it were not escaped.
        String evil = "x</script><img src=y onerror=alert(1)>.jpg";
        Files.createDirectories(f.b.resolve("x<"));
        Files.move(f.files.get("B/g0_small.jpg"), f.b.resolve(evil));
        ResultsFile r = results(f, null);
        String json = Files.readString(tmp.resolve("results.json")).replace("g0_small.jpg", evil.replace("\"", "\\\""));
        Files.writeString(tmp.resolve("results.json"), json);
        r = ResultsIO.read(tmp.resolve("results.json"));

        Path html = tmp.resolve("report.html");
        HtmlReport.Stats stats = HtmlReport.write(r, html, ReportOptions.defaults());
        String page = Files.readString(html);
        assertEquals(0, stats.missing());
        assertFalse(page.contains("<img src=y"));
        // Scripts: data, one thumbnail chunk, the program.
        assertEquals(3, page.split("</script>", -1).length - 1);
        JsonNode data = JSON.readTree(script(page, "doppel-data"));
        assertEquals("B/" + evil, data.get("groups").get(0).get("m").get(1).get("k").asText());
        assertTrue(data.get("higherIsCloser").asBoolean());
        assertTrue(page.contains("cosine similarity \u2265 0.9"));
    }

    @Test
    void everyMemberAtItsPlaceCarriesWhatAnExportedPlanNeeds() throws Exception {
        Fixture f = Fixture.create(tmp, 3, EncoderSpec.Metric.HAMMING);
        Files.delete(f.files.get("B/g2_small.jpg"));
        ResultsFile r = results(f, null);
        Path html = tmp.resolve("report.html");
        HtmlReport.write(r, html, ReportOptions.defaults());
        JsonNode data = JSON.readTree(script(Files.readString(html), "doppel-data"));

        assertEquals("phash", data.get("encoder").get("name").asText());
        assertEquals("HAMMING", data.get("encoder").get("metric").asText());
        assertEquals(64, data.get("encoder").get("size").asInt());
        assertEquals("8", data.get("encoder").get("params").get("hash_size").asText());
        assertEquals(10.0, data.get("threshold").asDouble());
        assertEquals("first-dir", data.get("keep").asText());
        assertEquals(f.a.root().toAbsolutePath().toString(), data.get("datasets").get(0).get("root").asText());
        int pairs = 0;
        for (JsonNode g : data.get("groups")) {
            for (JsonNode m : g.get("m")) {
                Path file = f.files.get(m.get("k").asText());
                if (!Files.exists(file)) {
                    assertFalse(m.has("sha"), "a missing file has no digest, so no plan can name it");
                    continue;
                }
                String sha = Trees.sha256(file);
                assertEquals(sha, m.get("sha").asText(), m.get("k").asText());
                assertEquals(Files.size(file), m.get("fs").asLong());
                assertEquals(Files.getLastModifiedTime(file).toMillis(), m.get("mt").asLong());
            }
            // Pairs by member position, each within the group and with its score.
            for (JsonNode p : g.get("pr")) {
                String a = g.get("m").get(p.get(0).asInt()).get("k").asText();
                String b = g.get("m").get(p.get(1).asInt()).get("k").asText();
                assertTrue(r.pairs().stream().anyMatch(x -> x.unordered().equals(doppel.results.ImagePair.of(a, b))
                        && x.score() == p.get(2).asDouble()), a + " " + b);
                pairs++;
            }
        }
        assertEquals(r.pairs().size(), pairs);
    }

    static String script(String page, String id) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"" + id + "\">(.*?)</script>", Pattern.DOTALL)
                .matcher(page);
        assertTrue(m.find(), "no script " + id);
        return m.group(1);
    }

    static Map<String, String> thumbnails(String page) throws IOException {
        Map<String, String> all = new HashMap<>();
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"doppel-thumbs-\\d+\">(.*?)</script>", Pattern.DOTALL)
                .matcher(page);
        while (m.find()) {
            JSON.readTree(m.group(1)).fields().forEachRemaining(e -> all.put(e.getKey(), e.getValue().asText()));
        }
        return all;
    }

    private static String formatOf(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> it = ImageIO.getImageReaders(in);
            assertTrue(it.hasNext(), "not an image");
            return it.next().getFormatName();
        }
    }
}
