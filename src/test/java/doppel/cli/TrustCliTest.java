package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 through the command line: {@code apply} on plans that lie (version 1, a root of "/", a kept image
 * swapped, same size and mtime but other content, digests right but the pair no duplicate), {@code undo} and
 * {@code purge} on a crafted journal, and exit codes of runs whose moves fail. Real images, real moves.
 */
class TrustCliTest extends TwoDatasetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void makeDatasets() throws IOException {
        CliTestImages.writeJpeg(CliTestImages.scene(1, 320, 240), a.resolve("s1.jpg"), 0.9f);
        CliTestImages.writeJpeg(CliTestImages.scene(2, 320, 240), a.resolve("s2.jpg"), 0.9f);
        CliTestImages.writeJpeg(CliTestImages.scene(1, 320, 240), b.resolve("s1.jpg"), 0.7f);
        CliTestImages.writeJpeg(CliTestImages.scene(2, 320, 240), b.resolve("s2.jpg"), 0.7f);
        CliTestImages.writeJpeg(CliTestImages.scene(3, 320, 240), b.resolve("s3.jpg"), 0.9f);
    }

    /** A v2 plan of find --dirs A B: B/s1.jpg and B/s2.jpg go, A's copies are kept. */
    private Path plan() {
        Path plan = tmp.resolve("plan.jsonl");
        FindCommandTest.Run r = run("find", "--dirs", a.toString(), b.toString(), "--plan-out", plan.toString(), "-q");
        assertEquals(0, r.exit(), r.err());
        return plan;
    }

    private static void edit(Path plan, int line, UnaryOperator<ObjectNode> edit) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(plan));
        lines.set(line, JSON.writeValueAsString(edit.apply((ObjectNode) JSON.readTree(lines.get(line)))));
        Files.write(plan, lines);
    }

    private FindCommandTest.Run apply(Path plan) {
        return run("apply", plan.toString(), "--move-to", tmp.resolve("dups").toString());
    }

    @Test
    void genuinePlanIsV2AppliesAndUndoes() throws Exception {
        TreeMap<String, String> before = trees();
        Path plan = plan();
        List<String> lines = Files.readAllLines(plan);
        assertEquals(3, lines.size(), lines.toString());
        ObjectNode h = (ObjectNode) JSON.readTree(lines.get(0));
        assertEquals(2, h.path("version").asInt());
        assertEquals("phash", h.path("encoder").path("name").asText());
        assertTrue(h.path("threshold").isNumber());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(plan)),
                "outputs are readable like any file the user writes (umask 022)");
        ObjectNode e = (ObjectNode) JSON.readTree(lines.get(1));
        assertTrue(e.path("sha256").asText().matches("[0-9a-f]{64}") && e.path("kept_sha256").asText().matches("[0-9a-f]{64}"), e.toString());
        FindCommandTest.Run r = apply(plan);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(Files.notExists(b.resolve("s1.jpg")) && Files.notExists(b.resolve("s2.jpg")), r.out());
        Path journal;
        try (var s = Files.list(tmp.resolve("dups"))) {
            journal = s.filter(p -> p.getFileName().toString().startsWith("doppel-journal-")).findFirst().orElseThrow();
        }
        assertEquals(0, run("undo", journal.toString(), "-q").exit());
        assertEquals(before, trees());
    }

    @Test
    void versionOnePlanIsRefusedInOneLine() throws Exception {
        Path plan = plan();
        edit(plan, 0, h -> h.put("version", 1));
        FindCommandTest.Run r = apply(plan);
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("version"), r.err());
    }

    @Test
    void rootThatIsTheFileSystemRootOrNotAPlanDatasetIsRefused() throws Exception {
        TreeMap<String, String> before = trees();
        Path plan = plan();
        edit(plan, 0, h -> {
            ((ObjectNode) h.withArray("datasets").get(1)).put("root", "/");
            return h;
        });
        FindCommandTest.Run r = apply(plan);
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("file system root"), r.err());

        plan = plan();
        edit(plan, 1, e -> e.put("root", "/etc").put("path", "hostname"));
        r = apply(plan);
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("is not one of the plan's datasets"), r.out());
        Files.deleteIfExists(tmp.resolve("dups").resolve(".doppel-duplicates"));
        before.forEach((k, v) -> {
            if (!k.equals("B/s2.jpg")) {
                assertTrue(Files.exists(tmp.resolve(k)), k);
            }
        });
    }

    @Test
    void keptImageSwappedForAnotherPhotoIsRefused() throws Exception {
        TreeMap<String, String> before = trees();
        Path plan = plan();
        // A/s1.jpg (kept) is replaced by another photo: its duplicate B/s1.jpg may now be the last copy.
        Files.copy(b.resolve("s3.jpg"), a.resolve("s1.jpg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        before.put("A/s1.jpg", before.get("B/s3.jpg"));
        FindCommandTest.Run r = apply(plan);
        assertEquals(2, r.exit(), r.out());
        assertTrue(Files.exists(b.resolve("s1.jpg")), r.out());
        assertTrue(r.out().contains("s1.jpg") && r.out().contains("kept image"), r.out());
    }

    @Test
    void sameSizeAndMtimeButOtherContentIsRefused() throws Exception {
        Path plan = plan();
        Path f = b.resolve("s1.jpg");
        byte[] bytes = Files.readAllBytes(f);
        var mtime = Files.getLastModifiedTime(f);
        bytes[bytes.length / 2] ^= 1;
        Files.write(f, bytes);
        Files.setLastModifiedTime(f, mtime);
        FindCommandTest.Run r = apply(plan);
        assertEquals(2, r.exit(), r.out());
        assertTrue(Files.exists(f));
        assertTrue(r.out().contains("differs from the plan's SHA-256"), r.out());
    }

    @Test
    void rightDigestsButNoDuplicatePairIsRefusedByFingerprintingAgain() throws Exception {
        Path plan = plan();
        Path s3 = b.resolve("s3.jpg");
        String sha = Trees.sha256(s3);
        long size = Files.size(s3);
        long mtime = Files.getLastModifiedTime(s3).toMillis();
        // A crafted line: B/s3.jpg (a distinct photo) "duplicates" A/s1.jpg, with both digests right.
        edit(plan, 1, e -> e.put("path", "s3.jpg").put("sha256", sha).put("size", size).put("mtime", mtime));
        FindCommandTest.Run r = apply(plan);
        assertEquals(2, r.exit(), r.out());
        assertTrue(Files.exists(b.resolve("s3.jpg")), r.out());
        assertTrue(r.out().contains("no longer a duplicate"), r.out());
    }

    @Test
    void findExitsNonZeroWhenItsMovesFail() throws Exception {
        Path[] files = {b.resolve("s1.jpg"), b.resolve("s2.jpg")};
        Assumptions.assumeTrue(Trees.chattr("+i", files), "chattr +i not supported here: skipped");
        FindCommandTest.Run r;
        try {
            r = run("find", "--dirs", a.toString(), b.toString(), "--move-to", tmp.resolve("dups").toString());
        } finally {
            Trees.chattr("-i", files);
        }
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("moved 0 files") && r.out().contains("2 problems"), r.out());
    }

    @Test
    void undoAndPurgeOfACraftedJournalChangeNothingAndExitNonZero() throws Exception {
        TreeMap<String, String> before = trees();
        Path dir = Files.createDirectories(tmp.resolve("planted"));
        Path journal = dir.resolve("doppel-journal-20260101-000000-abcd.jsonl");
        Files.writeString(journal, String.join("\n",
                "{\"type\":\"header\",\"tool\":\"doppel\",\"journal_version\":2,\"run\":\"20260101-000000-abcd\","
                        + "\"kind\":\"delete\",\"target\":\"/\",\"datasets\":[\"" + tmp + "\"]}",
                "{\"type\":\"intent\",\"seq\":1,\"op\":\"delete\",\"src\":\"" + tmp.resolve("x.jpg") + "\",\"dst\":\""
                        + a.resolve("s1.jpg") + "\",\"size\":1,\"sha256\":\"" + "0".repeat(64) + "\"}",
                "{\"type\":\"done\",\"seq\":1}", "{\"type\":\"end\"}", ""));
        for (String cmd : List.of("undo", "purge")) {
            FindCommandTest.Run r = run(cmd, journal.toString());
            assertEquals(1, r.exit(), cmd + ": " + r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("refusing journal"), r.err());
        }
        assertEquals(before, trees());
    }

}
