package doppel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.report.BrowserCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review before acting, end to end on the repository's demo dataset (real photos, real near-duplicates):
 * {@code find}, {@code report}, a review in headless Chromium (src/test/browser/review-report.mjs: keys, mouse,
 * undo, the large comparison, "Export plan"), then {@code apply} of the exported plans: the unedited one lists
 * exactly the results' {@code remove} keys and passes a dry run; the reviewed one moves what the decisions say.
 */
class ReviewInBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void reviewedPlanExportedFromThePageIsAppliedAsDecided() throws Exception {
        BrowserCheck.assumeInstalled();
        Path a = copyTree(Path.of("demo/A"), tmp.resolve("A"));
        Path b = copyTree(Path.of("demo/B"), tmp.resolve("B"));
        FindCommandTest.Run find = FindCommandTest.run("find", "--dirs", a.toString(), b.toString(), "--dihedral",
                "--out", tmp.resolve("d.json").toString(), "-q");
        assertEquals(0, find.exit(), find.err());
        Path html = tmp.resolve("r.html");
        FindCommandTest.Run report = FindCommandTest.run("report", tmp.resolve("d.json").toString(), "--html", html.toString());
        assertEquals(0, report.exit(), report.err());

        Path out = Path.of("target/browser-check/review").toAbsolutePath();
        BrowserCheck.Result review = BrowserCheck.run("review-report.mjs", html.toString(), out.toString());
        assertEquals(0, review.exit(), "browser review failed:\n" + review.log());

        JsonNode results = JSON.readTree(tmp.resolve("d.doppel.json").toFile());
        List<String> remove = new ArrayList<>();
        results.get("remove").forEach(k -> remove.add(k.asText()));
        assertFalse(remove.isEmpty());
        Path asFound = out.resolve("plan-as-found.jsonl");
        assertEquals(remove, planKeys(asFound), "the unedited plan lists exactly the results' remove keys");

        Path moved = tmp.resolve("moved");
        FindCommandTest.Run dry = FindCommandTest.run("apply", asFound.toString(), "--move-to", moved.toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.err() + dry.out());
        for (String key : remove) {
            assertTrue(dry.out().contains("-> " + moved.resolve(key)), key + " listed by the dry run:\n" + dry.out());
        }
        assertFalse(Files.exists(moved), "a dry run changes nothing");

        // The reviewed plan: one group keeps another member, one keeps all, one is a false match.
        JsonNode decisions = JSON.readTree(out.resolve("review.json").toFile());
        Set<String> expected = expectedAfterReview(results, decisions);
        Path reviewed = out.resolve("plan-reviewed.jsonl");
        assertEquals(expected, new HashSet<>(planKeys(reviewed)));
        FindCommandTest.Run apply = FindCommandTest.run("apply", reviewed.toString(), "--move-to", moved.toString(), "-q");
        assertEquals(0, apply.exit(), apply.err() + apply.out());
        for (JsonNode m : allMembers(results)) {
            String key = m.get("key").asText();
            Path at = (key.startsWith("A/") ? a : b).resolve(m.get("path").asText());
            assertEquals(!expected.contains(key), Files.exists(at), key + " stays unless the review removed it");
            assertEquals(expected.contains(key), Files.exists(moved.resolve(key)), key + " moved iff removed");
        }
        assertTrue(Files.exists(b.resolve(decisions.get("keptOther").get("kept").asText().substring(2))));

        // The labelled pairs: a false match's images are listed without duplicates, a kept-all group's pairs
        // as duplicates; doppel evaluate reads the file.
        JsonNode labels = JSON.readTree(out.resolve("pairs.json").toFile());
        for (JsonNode m : results.get("groups").get(decisions.get("falseMatch").asInt()).get("members")) {
            assertEquals(0, labels.get(m.get("key").asText()).size(), m + " has no confirmed duplicate");
        }
        JsonNode keptAll = results.get("groups").get(decisions.get("keptAll").asInt()).get("members");
        String first = keptAll.get(0).get("key").asText();
        String second = keptAll.get(1).get("key").asText();
        assertTrue(labels.get(first).toString().contains(second) || labels.get(second).toString().contains(first));
        FindCommandTest.Run evaluate = FindCommandTest.run("evaluate", tmp.resolve("d.json").toString(), "--truth",
                out.resolve("pairs.json").toString());
        assertEquals(0, evaluate.exit(), evaluate.err());
    }

    /** The results' remove keys, changed as review-report.mjs decided. */
    private static Set<String> expectedAfterReview(JsonNode results, JsonNode decisions) {
        Set<String> expected = new LinkedHashSet<>();
        results.get("remove").forEach(k -> expected.add(k.asText()));
        JsonNode groups = results.get("groups");
        for (String field : List.of("keptAll", "falseMatch")) {
            groups.get(decisions.get(field).asInt()).get("members").forEach(m -> expected.remove(m.get("key").asText()));
        }
        // Keeping another member removes the old kept image and every other member with a direct pair with it.
        JsonNode g = groups.get(decisions.get("keptOther").get("group").asInt());
        String kept = decisions.get("keptOther").get("kept").asText();
        g.get("members").forEach(m -> expected.remove(m.get("key").asText()));
        for (JsonNode p : results.get("pairs")) {
            String x = p.get(0).asText();
            String y = p.get(1).asText();
            if (x.equals(kept) || y.equals(kept)) {
                String other = x.equals(kept) ? y : x;
                g.get("members").forEach(m -> {
                    if (m.get("key").asText().equals(other)) {
                        expected.add(other);
                    }
                });
            }
        }
        return expected;
    }

    private static List<JsonNode> allMembers(JsonNode results) {
        List<JsonNode> members = new ArrayList<>();
        results.get("groups").forEach(g -> g.get("members").forEach(members::add));
        return members;
    }

    private static List<String> planKeys(Path plan) throws Exception {
        List<String> lines = Files.readAllLines(plan, StandardCharsets.UTF_8);
        JsonNode header = JSON.readTree(lines.get(0));
        assertEquals("doppel-plan", header.get("format").asText());
        assertEquals(2, header.get("version").asInt());
        assertEquals("phash", header.get("encoder").get("name").asText());
        List<String> keys = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            JsonNode n = JSON.readTree(line);
            keys.add(n.get("dataset").asText() + "/" + n.get("path").asText());
        }
        return keys;
    }

    private static Path copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
