package doppel.find;

import doppel.act.ActionPlan;
import doppel.act.ActionPlanner;
import doppel.act.RemovalProof;
import doppel.dataset.ImageFile;
import doppel.dataset.SidecarFinder;
import doppel.results.ActionInfo;
import doppel.results.PairEvidence;
import doppel.results.ResultsFile;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.Match;
import doppel.search.PairSearch;
import doppel.verify.Thorough;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link Finder} run found and decided: the groups and pairs of the search, the files to remove with
 * the image kept for each, and the files that were not confirmed. Nothing has been changed yet; write the
 * outputs, then {@link #prepareAction()} and run it.
 */
public final class FindRun {
    private final FindRequest request;
    private final EncodeStep.Outcome encoded;
    private final DuplicateResult result;
    private final PairSearch search;
    private final double searchSeconds;
    private final RemovalDecision.Outcome check;
    private final Thorough.Outcome thorough;
    private final Thorough.Verified verified;
    private final KeptBoth keptBoth;
    private final CompatRecheck recheck;

    FindRun(FindRequest request, EncodeStep.Outcome encoded, DuplicateResult result, PairSearch search,
            double searchSeconds, RemovalDecision.Outcome check, Thorough.Outcome thorough, Thorough.Verified verified,
            KeptBoth keptBoth, CompatRecheck recheck) {
        this.request = request;
        this.encoded = encoded;
        this.result = result;
        this.search = search;
        this.searchSeconds = searchSeconds;
        this.check = check;
        this.thorough = thorough;
        this.verified = verified;
        this.keptBoth = keptBoth;
        this.recheck = recheck;
    }

    /**
     * One line on the pairs just above the threshold hashed again with imagededup's decoding (fast-decoded
     * perceptual hashes), or null when none were.
     */
    public String recheckSummary() {
        return recheck == null || recheck.rechecked() == 0 ? null : String.format(
                "imagededup re-check: %d pairs up to %d bits above the threshold, %d within it with full decoding",
                recheck.rechecked(), recheck.margin(), recheck.added());
    }

    /**
     * The geometric evidence of each verified pair ({@code --thorough}); empty otherwise. A pair verified beyond the
     * hash threshold is the proof of its removal ({@link Removal#proof()}), in this run and in the plan.
     */
    public List<PairEvidence> evidence() {
        List<PairEvidence> found = new ArrayList<>(thorough == null ? List.of() : thorough.evidence());
        found.addAll(verified == null ? List.of() : verified.evidence());
        Map<List<String>, PairEvidence> byPair = new LinkedHashMap<>(); // a pair --thorough verified already is once
        found.forEach(e -> byPair.putIfAbsent(List.of(e.a(), e.b()), e));
        for (KeptBoth.Left left : keptBoth.pairs()) {
            for (List<String> pair : List.of(List.of(left.file().key(), left.kept().key()),
                    List.of(left.kept().key(), left.file().key()))) {
                byPair.computeIfPresent(pair, (k, e) -> e.withKeptBoth(left.line()));
            }
        }
        return List.copyOf(byPair.values());
    }

    /**
     * One line per verified pair that removed neither image: the keep policy kept the image that shows only part of
     * the other ({@link doppel.act.RemovalProof#whyPartial}), so the wider one stays too.
     */
    public List<String> keptBoth() {
        return keptBoth.pairs().stream().map(KeptBoth.Left::line).toList();
    }

    /**
     * One line on the geometric verification of removal pairs (encoders whose hash alone cannot prove a removal),
     * or null when the encoder needs none.
     */
    public String verifiedSummary() {
        return verified == null ? null : String.format(
                "verified removals: %d pairs checked, %d not confirmed (reported as related, not removed)",
                verified.checked(), verified.refused()) + " (" + verified.cacheNote() + ")";
    }

    /** One line on what {@code --thorough} checked and added, or null without it. */
    public String thoroughSummary() {
        return thorough == null ? null : String.format(
                "thorough: %d candidate pairs checked, %d verified, %d added beyond the threshold (%s)",
                thorough.candidates(), thorough.evidence().size(), thorough.added(), thorough.cacheNote());
    }

    /** The search's result: images, pairs, groups with their kept image, skipped files. */
    public DuplicateResult result() {
        return result;
    }

    /** Duplicate groups, largest first. */
    public List<DuplicateGroup> groups() {
        return result.groups();
    }

    /** Every pair within the threshold. */
    public List<Match> pairs() {
        return result.pairs();
    }

    /** How the encodings were obtained (encoded, reused, time). */
    public EncodeStep.Outcome encoding() {
        return encoded;
    }

    /** The search that ran. */
    public PairSearch search() {
        return search;
    }

    public double searchSeconds() {
        return searchSeconds;
    }

    /** The files to remove, each with its kept image and content digests, in group order. */
    public List<Removal> removals() {
        return check.removals();
    }

    /** The proof of each file to remove, by key. */
    public Map<String, RemovalProof> proofs() {
        Map<String, RemovalProof> proofs = new LinkedHashMap<>();
        check.removals().forEach(r -> proofs.put(r.file().key(), r.proof()));
        return proofs;
    }

    /** Absolute paths of the files to remove (or that would be removed, in an audit), in group order. */
    public List<Path> toRemove() {
        return check.removals().stream().map(r -> r.file().path()).toList();
    }

    /**
     * Files the search would remove that are not acted on because their pair could not be confirmed from the
     * files (one line each, with the reason). Non-empty means the run did not do everything it was asked.
     */
    public List<String> refused() {
        return check.refused();
    }

    /** Keys of files in datasets known only from saved encodings: searched against, not acted on. */
    public List<String> notNamed() {
        return check.notNamed();
    }

    /** The results file content, with digests of kept and removed members and {@link #toRemove()} as its list. */
    public ResultsFile results(ActionInfo actions) {
        List<String> remove = check.removals().stream().map(r -> r.file().key()).toList();
        return ResultsFile.from(result, actions, Instant.now(), digests(), remove);
    }

    /** SHA-256 by key of the kept and removed files (those that could be read). */
    Map<String, String> digests() {
        return java.util.Collections.unmodifiableMap(check.sha256());
    }

    /**
     * Writes the files to remove, each with its kept image, both digests and its proof, as a plan for
     * {@code doppel apply}.
     * The request must confirm its removals ({@link FindRequest.Builder#confirm}), so that every one has digests.
     */
    public void writePlan(Path file) {
        Grouping.writePlan(result, check.removals(), file);
    }

    /**
     * Plans the request's action on {@link #toRemove()}, or returns null when there is nothing to act on (no
     * action asked, or no file to remove: then no journal and no target folder).
     */
    public PreparedAction prepareAction() {
        if (request.action() == FindRequest.Action.AUDIT || check.removals().isEmpty()) {
            return null;
        }
        List<ImageFile> files = check.removals().stream().map(Removal::file).toList();
        Set<Path> keptPaths = new HashSet<>();
        for (DuplicateGroup g : result.groups()) {
            keptPaths.add(result.images().get(g.kept()).file().path());
        }
        SidecarFinder sidecars = SidecarFinder.of(request.scanOptions());
        Path target = request.target().toAbsolutePath().normalize();
        ActionPlan plan = request.action() == FindRequest.Action.DELETE
                ? ActionPlanner.delete(files, target, sidecars, keptPaths)
                : ActionPlanner.move(files, target, sidecars, keptPaths);
        ActionInfo.Mode mode = request.action() == FindRequest.Action.DELETE ? ActionInfo.Mode.DELETE : ActionInfo.Mode.MOVE;
        return new PreparedAction(plan, plan.defaultJournal(), target, mode, request.dryRun(), request.progress());
    }
}
