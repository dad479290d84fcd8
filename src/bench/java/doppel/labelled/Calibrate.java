package doppel.labelled;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.dataset.DatasetScanner;
import doppel.dataset.ScanResult;
import doppel.encode.EncoderChoice;
import doppel.encode.EncoderRegistry;
import doppel.encode.factory.Encoders;
import doppel.encodings.Encodings;
import doppel.image.ImageLoader;
import doppel.pipeline.EncodePipeline;
import doppel.progress.Progress;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.search.Match;
import doppel.search.PairSearches;
import doppel.search.SearchOptions;
import doppel.verify.Thorough;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scores each hash encoder over a range of thresholds on labelled sets made by {@link MakeLabelledSet}: for
 * {@code find --dirs A B} with the default keep policy, the removal precision (a removed file is a true
 * duplicate of the image kept for it), removal recall (correct removals over removable files: all but one
 * of each family) and pair precision and recall. Each set is encoded once per encoder; every threshold
 * then reuses the pairs of the loosest one. Encoders whose removals {@code find} verifies geometrically
 * ({@link EncoderRegistry#removalsNeedVerification}) are scored with that verification, as {@code find} runs.
 *
 * <p>Run: {@code java -cp target/doppel.jar:target/lib/* src/bench/java/doppel/labelled/Calibrate.java SET...}
 * (each SET a folder with A, B, truth.json and kinds.json). Prints one tab-separated row per encoder, threshold
 * and set, then, at each encoder's default threshold ({@link EncoderRegistry}), the share of the copies of each
 * edit kind that are removed, all for a true duplicate ("kind" rows).
 */
public final class Calibrate {
    record Config(String name, String encoder, String hashSize, boolean dihedral, int maxThreshold) {
    }

    private static final List<Config> CONFIGS = List.of(
            new Config("phash", "phash", "8", false, 16),
            new Config("dhash", "dhash", "8", false, 16),
            new Config("ahash", "ahash", "8", false, 16),
            new Config("whash", "whash", "8", false, 16),
            new Config("phash --dihedral", "phash", "8", true, 16),
            new Config("dhash --dihedral", "dhash", "8", true, 16),
            new Config("ahash --dihedral", "ahash", "8", true, 16),
            new Config("whash --dihedral", "whash", "8", true, 16),
            new Config("phash --hash-size 16", "phash", "16", false, 64),
            new Config("dhash --hash-size 16", "dhash", "16", false, 64));

    private Calibrate() {
    }

    public static void main(String[] args) throws IOException {
        String only = System.getProperty("configs");
        System.out.println("set\tencoder\tthreshold\tpairs\tpair_precision\tpair_recall\tremoved\tremoved_correct"
                + "\tremoval_precision\tremoval_recall");
        List<String> kindRows = new ArrayList<>();
        for (String set : args) {
            Path dir = Path.of(set);
            Set<String> truth = new HashSet<>();
            JsonNode map = new ObjectMapper().readTree(dir.resolve("truth.json").toFile());
            int removable = 0;
            Set<String> seen = new HashSet<>();
            for (var e : map.properties()) {
                for (JsonNode d : e.getValue()) {
                    truth.add(pair(e.getKey(), d.asText()));
                }
                if (e.getValue().size() > 0 && seen.add(e.getKey())) {
                    boolean first = true;
                    for (JsonNode d : e.getValue()) {
                        first &= !seen.contains(d.asText());
                    }
                    if (first) {
                        removable += e.getValue().size(); // a family of n images: n - 1 removable
                    }
                }
            }
            ScanResult scan = new DatasetScanner().scanDirs(List.of(dir.resolve("A"), dir.resolve("B")));
            for (Config c : CONFIGS) {
                if (only != null && !List.of(only.split(",")).contains(c.name())) {
                    continue;
                }
                EncoderChoice choice = new EncoderChoice(c.encoder(), c.hashSize(), false, c.dihedral(),
                        Runtime.getRuntime().availableProcessors(), ImageLoader.DEFAULT_MAX_PIXELS, null, "cpu", 32);
                Encodings enc = EncodePipeline.run(scan.datasets(), scan.files(), scan.skipped(),
                        Encoders.create(choice), null, Progress.NONE).encodings();
                SearchOptions loose = new SearchOptions(c.maxThreshold(), false);
                List<Match> all = PairSearches.forSpec(enc.spec(), Runtime.getRuntime().availableProcessors(), "cpu")
                        .findPairs(enc.images(), loose, Progress.NONE);
                int byDefault = (int) EncoderRegistry.defaultThreshold(enc.spec());
                // one verifier per encoding, so that each image's features are extracted once for all thresholds
                Thorough verifier = new Thorough(new ImageLoader(ImageLoader.DEFAULT_MAX_PIXELS));
                for (int t = 0; t <= c.maxThreshold(); t++) {
                    int threshold = t;
                    List<Match> within = all.stream().filter(m -> m.score() <= threshold).toList();
                    DuplicateResult r = DuplicateFinder.find(enc.datasets(), enc.spec(), enc.images(), enc.skipped(),
                            new SearchOptions(t, false), KeepPolicy.FIRST_DIR, (imgs, o, p) -> within, Progress.NONE);
                    if (EncoderRegistry.removalsNeedVerification(enc.spec())) { // as doppel.find.Finder does
                        r = verifier.verifyRemovals(r, Progress.NONE).result();
                    }
                    int truePairs = 0;
                    for (Match m : within) {
                        truePairs += truth.contains(pair(key(r, m.a()), key(r, m.b()))) ? 1 : 0;
                    }
                    int removed = 0;
                    int correct = 0;
                    for (DuplicateGroup g : r.groups()) {
                        for (int m : g.removed()) {
                            removed++;
                            correct += truth.contains(pair(key(r, m), key(r, g.kept()))) ? 1 : 0;
                        }
                    }
                    System.out.println(String.join("\t", dir.getFileName().toString(), c.name(), String.valueOf(t),
                            String.valueOf(within.size()), ratio(truePairs, within.size()),
                            ratio(truePairs, truth.size()), String.valueOf(removed), String.valueOf(correct),
                            ratio(correct, removed), ratio(correct, removable)));
                    if (t == byDefault) {
                        kindRows.add(kinds(dir, c.name() + " (default " + t + ")", r));
                    }
                }
            }
        }
        kindRows.forEach(System.out::println);
    }

    /** One row: for each edit kind, copies removed / copies made, at one search's removals. */
    private static String kinds(Path dir, String what, DuplicateResult r) throws IOException {
        Set<String> removed = new HashSet<>();
        r.toRemove().forEach(e -> removed.add(e.file().key()));
        java.util.Map<String, int[]> counts = new java.util.TreeMap<>();
        JsonNode kinds = new ObjectMapper().readTree(dir.resolve("kinds.json").toFile()).get("kinds");
        for (var e : kinds.properties()) {
            int[] c = counts.computeIfAbsent(e.getValue().get("kind").asText(), k -> new int[2]);
            c[0] += removed.contains(e.getKey()) ? 1 : 0;
            c[1]++;
        }
        StringBuilder sb = new StringBuilder("kind\t" + dir.getFileName() + "\t" + what);
        counts.forEach((k, c) -> sb.append('\t').append(k).append(' ').append(c[0]).append('/').append(c[1]));
        return sb.toString();
    }

    private static String key(DuplicateResult r, int i) {
        return r.images().get(i).file().key();
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "\n" + b : b + "\n" + a;
    }

    private static String ratio(int a, int b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.4f", (double) a / b);
    }
}
