package doppel.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.DatasetScanner;
import doppel.testing.Trees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during a move and during an undo, in a real child JVM ({@link KillWorker}) killed at a random moment,
 * on one file system and across two (/dev/shm, where it is another file system). After each kill, undo (run to
 * the end) must bring back the dataset exactly, by a content digest of every file, leave nothing but the journal
 * in the target and no temp copy anywhere. A few trials run with the tests; {@code scripts/kill-loop N} runs N
 * per case ({@code -Ddoppel.killTrials=N}, {@code -Ddoppel.killMaxMs=MS} for the latest kill).
 */
class KillTest {
    private static final int TRIALS = Integer.getInteger("doppel.killTrials", 2);
    /** The kill lands 0 to this many ms after the worker starts its work. */
    private static final int MAX_DELAY_MS = Integer.getInteger("doppel.killMaxMs", 400);
    private static final int FILES = 60;
    private static final PrintStream NULL = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;
    private final Random random = new Random(Long.getLong("doppel.killSeed", System.nanoTime()));

    @Test
    void killDuringMoveOnOneFileSystem() throws Exception {
        trials(false, false);
    }

    @Test
    void killDuringUndoOnOneFileSystem() throws Exception {
        trials(false, true);
    }

    @Test
    void killDuringMoveAcrossFileSystems() throws Exception {
        trials(true, false);
    }

    @Test
    void killDuringUndoAcrossFileSystems() throws Exception {
        trials(true, true);
    }

    private void trials(boolean crossFs, boolean killUndo) throws Exception {
        Path base = tmp;
        Path other = null;
        if (crossFs) {
            Path shm = Path.of("/dev/shm");
            Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm)
                            && !Files.getFileStore(shm).equals(Files.getFileStore(tmp)),
                    "no second file system (/dev/shm): the cross-file-system kill trials were skipped");
            other = Files.createTempDirectory(shm, "doppel-kill-");
        }
        try {
            int killedMidWork = 0;
            int minDone = Integer.MAX_VALUE;
            int maxDone = 0;
            for (int t = 0; t < TRIALS; t++) {
                Path ds = base.resolve("trial" + t + "/cats");
                Path target = (crossFs ? other : base).resolve("trial" + t + "/dups");
                makeDataset(ds);
                Map<String, String> before = Trees.snapshot(ds);
                if (killUndo) {
                    var files = new DatasetScanner().scanDirs(List.of(ds)).files();
                    ActionPlan plan = ActionPlanner.move(files, target, doppel.dataset.SidecarFinder.NONE);
                    ActionRunner.run(plan, null, false, NULL, doppel.progress.Progress.NONE);
                    killedMidWork += killAtRandom("undo", plan.defaultJournal().toString()) ? 1 : 0;
                } else {
                    killedMidWork += killAtRandom("move", ds.toString(), target.toString()) ? 1 : 0;
                }
                Path journal = journalIn(target);
                if (journal != null) {
                    String text = Files.readString(journal);
                    int n = countOf(text, killUndo ? "\"type\":\"undone\"" : "\"type\":\"intent\"");
                    minDone = Math.min(minDone, n);
                    maxDone = Math.max(maxDone, n);
                }
                if (journal == null || Files.readString(journal).isBlank()) {
                    assertEquals(before, Trees.snapshot(ds), "killed before the journal: nothing may have moved");
                    continue;
                }
                ActionReport undone = Undo.undo(journal, false, NULL);
                assertTrue(undone.clean(), "trial " + t + ": " + undone.problems());
                assertEquals(before, Trees.snapshot(ds), "trial " + t + ": the dataset is back, byte for byte");
                try (Stream<Path> left = Files.walk(target)) {
                    assertEquals(List.of(target, journal), left.toList(), "trial " + t + ": only the journal stays");
                }
            }
            System.out.printf("KillTest %s %s: %d trials, %d killed inside the work, after %d to %d of %d files%n",
                    killUndo ? "undo" : "move", crossFs ? "across file systems" : "one file system", TRIALS,
                    killedMidWork, minDone == Integer.MAX_VALUE ? 0 : minDone, maxDone, FILES);
        } finally {
            if (other != null) {
                Trees.deleteTree(other);
            }
        }
    }

    private void makeDataset(Path ds) throws IOException {
        for (int i = 0; i < FILES; i++) {
            byte[] bytes = new byte[512 + random.nextInt(16 * 1024)];
            random.nextBytes(bytes);
            Path f = ds.resolve("d" + (i % 7) + "/" + i + ".jpg");
            Files.createDirectories(f.getParent());
            Files.write(f, bytes);
        }
    }

    /** Runs the worker and kills it with SIGKILL at a random moment; true when it had not finished by then. */
    private boolean killAtRandom(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", KillWorker.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("go")) {
            // JVM start-up chatter, if any
        }
        Thread.sleep(random.nextInt(MAX_DELAY_MS));
        boolean alive = p.isAlive();
        p.destroyForcibly(); // SIGKILL on Unix
        p.waitFor();
        return alive;
    }

    private static int countOf(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static Path journalIn(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(f -> DatasetScanner.isJournalName(f.getFileName().toString())).findFirst().orElse(null);
        }
    }
}
