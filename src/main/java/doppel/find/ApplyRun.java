package doppel.find;

import doppel.act.ActionPlan;
import doppel.act.ActionPlanner;
import doppel.act.PlanFile;
import doppel.dataset.ScanOptions;
import doppel.dataset.SidecarFinder;
import doppel.results.ActionInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** A plan read and confirmed by {@link Apply#check}: the lines to act on and the lines refused. */
public final class ApplyRun {
    private final ApplyRequest request;
    private final PlanFile.Contents contents;

    ApplyRun(ApplyRequest request, PlanFile.Contents contents) {
        this.request = request;
        this.contents = contents;
    }

    /** The plan's header: encoder, threshold, keep policy. */
    public PlanFile.Header header() {
        return contents.header();
    }

    /** The confirmed lines, to act on. */
    public List<PlanFile.Entry> entries() {
        return contents.entries();
    }

    /** One line per refused plan line, and why. */
    public List<String> refused() {
        return contents.problems();
    }

    /** Plans the request's action on the confirmed lines, or returns null when there is none to act on. */
    public PreparedAction prepareAction() {
        if (contents.entries().isEmpty()) {
            return null;
        }
        SidecarFinder sidecars = request.annotations() ? SidecarFinder.of(ScanOptions.DEFAULT) : SidecarFinder.NONE;
        Set<Path> kept = contents.entries().stream().map(PlanFile.Entry::kept).filter(Objects::nonNull)
                .map(k -> k.path()).collect(Collectors.toSet());
        Path target = request.target().toAbsolutePath().normalize();
        boolean delete = request.action() == FindRequest.Action.DELETE;
        ActionPlan plan = delete ? ActionPlanner.delete(contents.files(), target, sidecars, kept)
                : ActionPlanner.move(contents.files(), target, sidecars, kept);
        return new PreparedAction(plan, plan.defaultJournal(), target,
                delete ? ActionInfo.Mode.DELETE : ActionInfo.Mode.MOVE, request.dryRun(), request.progress());
    }
}
