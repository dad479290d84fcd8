package doppel.find;

import doppel.act.ActionPlanner;
import doppel.dataset.ImageFile;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.encode.EncoderChoice;
import doppel.encode.Encoders;
import doppel.encode.SkippedFile;
import doppel.io.Sha256;
import doppel.progress.Progress;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.PairSearches;
import doppel.search.SearchOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which files to remove may really go, from the files themselves: a fingerprint taken from saved
 * encodings may be stale or crafted, so the removed file and its kept image are fingerprinted again in this
 * run (only those of the pair that this run did not encode) and must still be within the threshold. The
 * SHA-256 of both files is recorded, for results and plans.
 */
final class RemovalCheck {
    /**
     * @param removals    the files that pass
     * @param refused     one line per file that does not, and why (never acted on)
     * @param notNamed    files of datasets known only from saved encodings (searched against, not acted on)
     * @param sha256      digests by key, for every kept and removed file that could be read
     */
    record Outcome(List<Removal> removals, List<String> refused, List<String> notNamed, Map<String, String> sha256) {
    }

    private RemovalCheck() {
    }

    /**
     * @param encodedKeys keys whose fingerprints were computed from the files in this run
     * @param actOn       names of the datasets that may be acted on, or null for all
     * @param confirm     re-fingerprint and judge each pair; without it every removal of the search passes
     * @param choice      the encoder that reproduces the result's fingerprints
     */
    static Outcome run(DuplicateResult result, Set<String> encodedKeys, Set<String> actOn, boolean confirm,
                       EncoderChoice choice, Progress progress) {
        Map<String, String> digests = new HashMap<>();
        List<String> refused = new ArrayList<>();
        List<String> notNamed = new ArrayList<>();
        List<int[]> pending = new ArrayList<>();
        for (int g = 0; g < result.groups().size(); g++) {
            DuplicateGroup group = result.groups().get(g);
            ImageFile kept = result.images().get(group.kept()).file();
            for (int m : group.removed()) {
                ImageFile file = result.images().get(m).file();
                if (confirm && actOn != null && !actOn.contains(file.dataset().name())) {
                    notNamed.add(file.key());
                    continue;
                }
                if (confirm) {
                    String why = ActionPlanner.reasonToLeave(file, kept);
                    if (why != null) {
                        refused.add(why);
                        continue;
                    }
                }
                pending.add(new int[] {g, m});
            }
        }
        Map<String, EncodedImage> fresh = confirm ? refingerprint(result, pending, encodedKeys, choice, refused, progress)
                : Map.of();
        var search = PairSearches.forSpec(result.spec(), 1, "cpu");
        SearchOptions options = new SearchOptions(result.options().threshold(), false);
        List<Removal> removals = new ArrayList<>();
        for (int[] p : pending) {
            DuplicateGroup group = result.groups().get(p[0]);
            EncodedImage removed = result.images().get(p[1]);
            EncodedImage kept = result.images().get(group.kept());
            double score = group.scores().get(group.members().indexOf(p[1]));
            if (confirm) {
                EncodedImage a = now(removed, encodedKeys, fresh);
                EncodedImage b = now(kept, encodedKeys, fresh);
                if (a == null || b == null) {
                    refused.add(removed.file().path() + ": " + (a == null ? "it" : "its kept image " + kept.file().path())
                            + " could not be fingerprinted again, left in place");
                    continue;
                }
                var pairs = search.findPairs(List.of(a, b), options, Progress.NONE);
                if (pairs.isEmpty()) {
                    refused.add(removed.file().path() + ": not a duplicate of its kept image " + kept.file().path()
                            + " when both are fingerprinted from the files (stale or wrong saved encodings), left in place");
                    continue;
                }
                score = pairs.get(0).score();
            }
            String sha = digest(removed.file(), digests);
            String keptSha = digest(kept.file(), digests);
            if (confirm && (sha == null || keptSha == null)) {
                refused.add(removed.file().path() + ": cannot read " + (sha == null ? "it" : "its kept image") + ", left in place");
                continue;
            }
            removals.add(new Removal(removed.file(), kept.file(), p[0], score, sha, keptSha));
        }
        return new Outcome(removals, refused, notNamed, digests);
    }

    /** The image's fingerprint as taken from its file in this run, or null when that failed. */
    private static EncodedImage now(EncodedImage image, Set<String> encodedKeys, Map<String, EncodedImage> fresh) {
        return encodedKeys.contains(image.file().key()) ? image : fresh.get(image.file().key());
    }

    /** Fingerprints again every file of the pending pairs whose fingerprint this run did not compute. */
    private static Map<String, EncodedImage> refingerprint(DuplicateResult result, List<int[]> pending,
                                                           Set<String> encodedKeys, EncoderChoice choice,
                                                           List<String> refused, Progress progress) {
        Map<String, ImageFile> files = new LinkedHashMap<>();
        for (int[] p : pending) {
            for (int i : new int[] {p[1], result.groups().get(p[0]).kept()}) {
                ImageFile f = result.images().get(i).file();
                if (!encodedKeys.contains(f.key())) {
                    files.put(f.key(), f);
                }
            }
        }
        Map<String, EncodedImage> out = new HashMap<>();
        if (files.isEmpty()) {
            return out;
        }
        try (Encoder encoder = Encoders.create(choice)) {
            String why = result.spec().incompatibilityWith(encoder.spec());
            if (why != null) {
                refused.add("cannot fingerprint the files again like the saved encodings (" + why + "): "
                        + "nothing found through them is acted on");
                return out;
            }
            progress.start("confirm " + encoder.spec().name(), files.size());
            encoder.encode(new ArrayList<>(files.values()), new EncodeSink() {
                @Override
                public synchronized void encoded(EncodedImage image) {
                    out.put(image.file().key(), image);
                }

                @Override
                public synchronized void skipped(SkippedFile file) {
                }
            }, progress);
            progress.close();
        } catch (RuntimeException e) {
            refused.add("cannot fingerprint the files again (" + e.getMessage() + "): nothing found through saved "
                    + "encodings is acted on");
        }
        return out;
    }

    private static String digest(ImageFile file, Map<String, String> digests) {
        String key = file.key();
        if (!digests.containsKey(key)) {
            String sha;
            try {
                sha = Sha256.of(file.path());
            } catch (IOException | RuntimeException e) {
                sha = null;
            }
            digests.put(key, sha);
        }
        return digests.get(key);
    }
}
