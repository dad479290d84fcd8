package doppel.find;

import doppel.act.FingerprintPairs;
import doppel.act.RemovalCheck;
import doppel.act.RemovalProof;
import doppel.dataset.ImageFile;
import doppel.io.Sha256;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which of the search's files to remove may really go, from the files themselves: a fingerprint taken
 * from saved encodings may be stale or crafted, so each removal pair with a side this run did not encode is
 * fingerprinted again ({@link FingerprintPairs}) and must still be within the threshold (a pair verified
 * geometrically was verified from both files in this run); every pair passes the removal-safety checks of
 * {@link RemovalCheck}. The SHA-256 of both files is recorded, for results and plans.
 */
final class RemovalDecision {
    /**
     * @param removals the files that pass
     * @param refused  one line per file that does not, and why (never acted on)
     * @param notNamed keys of files in datasets known only from saved encodings (searched against, not acted on)
     * @param sha256   digests by key, for every kept and removed file that could be read
     */
    record Outcome(List<Removal> removals, List<String> refused, List<String> notNamed, Map<String, String> sha256) {
    }

    /** A removal of the search, and whether its pair can be trusted as found ({@link #trusted}). */
    private record Pending(int group, int member, boolean trusted) {
    }

    private RemovalDecision() {
    }

    /** The proof of a removal pair of the result: its fingerprints, or the geometric verification of this run. */
    @FunctionalInterface
    interface ProofOf {
        RemovalProof of(int removed, int kept);
    }

    /**
     * @param proofs      what proves each removal pair
     * @param savedKeys   keys whose fingerprints were taken from saved encodings, not computed from the files in
     *                    this run
     * @param actOn       names of the datasets that may be acted on, or null for all
     * @param confirm     check and re-fingerprint each pair; without it (an audit) every removal of the search counts
     * @param workers     threads for fingerprinting again
     * @param known       SHA-256 by key of files read whole in this run (see {@link EncodeStep.Outcome#sha256}); the
     *                    other kept and removed files are read for theirs
     */
    static Outcome run(DuplicateResult result, ProofOf proofs, Set<String> savedKeys, Set<String> actOn, boolean confirm,
                       int workers, Map<String, String> known) {
        Map<String, String> digests = new HashMap<>();
        List<String> refused = new ArrayList<>();
        List<String> notNamed = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        Set<Path> removedPaths = new HashSet<>();
        Set<ImageFile> untrusted = new LinkedHashSet<>();
        for (int g = 0; g < result.groups().size(); g++) {
            DuplicateGroup group = result.groups().get(g);
            ImageFile kept = result.images().get(group.kept()).file();
            for (int m : group.removed()) {
                ImageFile file = result.images().get(m).file();
                if (confirm && actOn != null && !actOn.contains(file.dataset().name())) {
                    notNamed.add(file.key());
                    continue;
                }
                boolean trusted = trusted(result, group, m, savedKeys, proofs);
                pending.add(new Pending(g, m, trusted));
                removedPaths.add(file.path().toAbsolutePath().normalize());
                if (!trusted) {
                    untrusted.add(file);
                    untrusted.add(kept);
                }
            }
        }
        FingerprintPairs pairs = null;
        String noPairs = null;
        if (confirm && !untrusted.isEmpty()) {
            try {
                pairs = FingerprintPairs.open(result.spec(), result.options().threshold(), workers);
                pairs.encode(untrusted);
            } catch (RuntimeException e) {
                noPairs = "cannot be fingerprinted again to confirm its pair (" + e.getMessage() + "), left in place";
            }
        }
        List<Removal> removals = new ArrayList<>();
        try {
            for (Pending p : pending) {
                DuplicateGroup group = result.groups().get(p.group());
                ImageFile file = result.images().get(p.member()).file();
                ImageFile kept = result.images().get(group.kept()).file();
                double score = group.scores().get(group.members().indexOf(p.member()));
                RemovalProof proof = proofs.of(p.member(), group.kept());
                if (confirm) {
                    boolean trusted = p.trusted();
                    if (!trusted && pairs == null) {
                        refused.add(file.path() + ": " + noPairs);
                        continue;
                    }
                    String why = RemovalCheck.reasonToLeave(new RemovalCheck.Removal(file, null, kept, null, proof),
                            removedPaths, trusted ? null : pairs);
                    if (why != null) {
                        refused.add(why);
                        continue;
                    }
                }
                String sha = digest(file, digests, known);
                String keptSha = digest(kept, digests, known);
                if (confirm && (sha == null || keptSha == null)) {
                    refused.add(file.path() + ": cannot read " + (sha == null ? "it" : "its kept image") + ", left in place");
                    continue;
                }
                removals.add(new Removal(file, kept, p.group(), score, sha, keptSha, proof));
            }
        } finally {
            if (pairs != null) {
                pairs.close();
            }
        }
        return new Outcome(removals, refused, notNamed, digests);
    }

    /**
     * True when the search's own pair of {@code member} with its kept image can be trusted: it was verified
     * geometrically from both files in this run, or both fingerprints were computed from the files in this run and
     * the pair is direct (a member linked only through others is not).
     */
    private static boolean trusted(DuplicateResult result, DuplicateGroup group, int member, Set<String> savedKeys,
                                   ProofOf proofs) {
        return proofs.of(member, group.kept()).kind() == RemovalProof.Kind.VERIFIED
                || !savedKeys.contains(result.images().get(member).file().key())
                && !savedKeys.contains(result.images().get(group.kept()).file().key())
                && !Double.isNaN(group.scores().get(group.members().indexOf(member)));
    }

    private static String digest(ImageFile file, Map<String, String> digests, Map<String, String> known) {
        String key = file.key();
        if (!digests.containsKey(key)) {
            String sha = known.get(key);
            try {
                sha = sha != null ? sha : Sha256.of(file.path());
            } catch (IOException | RuntimeException e) {
                sha = null;
            }
            digests.put(key, sha);
        }
        return digests.get(key);
    }
}
