package doppel.act;

import doppel.dataset.ImageExtensions;
import doppel.dataset.ImageFile;
import doppel.dataset.SidecarFinder;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans where removed duplicates go (or where the images of a merge are copied). Nothing is touched here;
 * {@link ActionRunner} carries the plan out.
 *
 * <p>Each file goes to {@code <target>/<dataset name>/<relative path>}, so files of different datasets
 * never collide, and its sidecars go to their own relative spots beside it. An existing destination is
 * never overwritten: the image and its sidecars together get the first free "~N" suffix
 * ({@code 1~1.jpg} with {@code 1~1.json}).
 */
public final class ActionPlanner {
    /** The folder used for deletes when no target is given: {@code ./duplicates}. */
    public static final String DEFAULT_DIR = "duplicates";

    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ActionPlanner() {
    }

    /** Plans moving {@code toRemove} (and their sidecars) into {@code moveTo}. */
    public static ActionPlan move(List<ImageFile> toRemove, Path moveTo, SidecarFinder sidecars) {
        return move(toRemove, moveTo, sidecars, Set.of());
    }

    /**
     * Plans moving {@code toRemove} (and their sidecars) into {@code moveTo}; a sidecar in {@code keep} (the
     * kept images of the duplicate groups: a mask under annotations/ can be one) stays where it is.
     */
    public static ActionPlan move(List<ImageFile> toRemove, Path moveTo, SidecarFinder sidecars, Set<Path> keep) {
        String runId = newRunId();
        Path target = moveTo.toAbsolutePath().normalize();
        return plan(ActionPlan.Kind.MOVE, runId, target, target, toRemove, sidecars, keep, Map.of());
    }

    /**
     * Plans deleting {@code toRemove}: they move into {@code <moveTo>/.trash/<run id>/<dataset>/...}
     * ({@code ./duplicates} when {@code moveTo} is null), so a delete can be undone like a move until
     * {@code doppel purge JOURNAL} ({@link Purge#purge}) removes them for good.
     */
    public static ActionPlan delete(List<ImageFile> toRemove, Path moveTo, SidecarFinder sidecars) {
        return delete(toRemove, moveTo, sidecars, Set.of());
    }

    /** {@link #delete(List, Path, SidecarFinder)}, leaving sidecars in {@code keep} where they are. */
    public static ActionPlan delete(List<ImageFile> toRemove, Path moveTo, SidecarFinder sidecars, Set<Path> keep) {
        String runId = newRunId();
        Path target = (moveTo == null ? Path.of(DEFAULT_DIR) : moveTo).toAbsolutePath().normalize();
        return plan(ActionPlan.Kind.DELETE, runId, target, target.resolve(".trash").resolve(runId), toRemove, sidecars,
                keep, Map.of());
    }

    /**
     * Plans copying (or, with {@code link}, hard-linking) {@code images} and their sidecars into
     * {@code into/<dataset>/<relative path>}, the sources staying where they are. See {@link MergePlanner} for
     * merging datasets without their duplicates.
     *
     * @param sha256 SHA-256 by image key taken earlier in this run, which copies are checked against (see
     *               {@link ActionPlan.Operation#sha256}); images not in it are digested when copied
     */
    public static ActionPlan copy(List<ImageFile> images, Path into, boolean link, SidecarFinder sidecars,
                                  Map<String, String> sha256) {
        Path target = into.toAbsolutePath().normalize();
        return plan(link ? ActionPlan.Kind.LINK : ActionPlan.Kind.COPY, newRunId(), target, target, images, sidecars,
                Set.of(), sha256);
    }

    /**
     * Why {@code file}, a duplicate of {@code kept}, must stay where it is, or null when it may be moved or
     * deleted: {@link RemovalCheck#reasonToLeave} without recorded digests and without re-fingerprinting (the
     * caller fingerprinted both files in this run).
     */
    public static String reasonToLeave(ImageFile file, ImageFile kept) {
        return RemovalCheck.reasonToLeave(new RemovalCheck.Removal(file, null, kept, null, RemovalProof.FINGERPRINT), Set.of(),
                null);
    }

    /** A run id: local time plus 4 random hex digits, e.g. {@code 20261123-141500-a3f9}. */
    static String newRunId() {
        return LocalDateTime.now().format(RUN_TIME) + "-" + String.format("%04x", RANDOM.nextInt(1 << 16));
    }

    private static ActionPlan plan(ActionPlan.Kind kind, String runId, Path target, Path destRoot,
                                   List<ImageFile> toRemove, SidecarFinder sidecars, Set<Path> keep,
                                   Map<String, String> sha256) {
        Set<Path> kept = new HashSet<>();
        for (Path k : keep) {
            kept.add(k.toAbsolutePath().normalize());
        }
        Set<Path> sources = new HashSet<>();
        List<ImageFile> images = new ArrayList<>();
        for (ImageFile f : toRemove) {
            if (sources.add(f.path().toAbsolutePath().normalize())) {
                images.add(f);
            }
        }
        // Moved files must leave their datasets for good: a destination inside a dataset root is only
        // allowed below a target that itself lies strictly inside that root, where the target's marker makes
        // scans skip it (see DatasetScanner).
        // Compared as real paths: a target given as a link into a dataset is inside it.
        Map<Path, String> roots = new LinkedHashMap<>();
        if (!kind.keepsSources()) {
            for (ImageFile f : images) {
                roots.putIfAbsent(FileOps.realPath(f.dataset().root()), f.dataset().name());
            }
        }
        Path realTarget = FileOps.realPath(target);
        Path realDestRoot = realTarget.resolve(target.relativize(destRoot)).normalize();
        Set<Path> taken = new HashSet<>();
        Set<Path> planned = new HashSet<>();
        List<ActionPlan.Operation> ops = new ArrayList<>();
        int group = 0;
        for (ImageFile f : images) {
            Path src = f.path().toAbsolutePath().normalize();
            Path datasetDir = destRoot.resolve(f.dataset().name());
            Path dst = datasetDir.resolve(f.relativePath()).normalize();
            if (!dst.startsWith(destRoot) || dst.equals(datasetDir)) {
                throw new IllegalArgumentException("refusing a path that leaves the target: " + f.key());
            }
            Path realDst = realDestRoot.resolve(destRoot.relativize(dst)).normalize();
            for (Map.Entry<Path, String> r : roots.entrySet()) {
                Path root = r.getKey();
                // root/data is where scans start when a dataset has one, and the start folder's marker is not heeded
                if (realDst.startsWith(root) && (realTarget.equals(root) || realTarget.equals(root.resolve("data"))
                        || !realTarget.startsWith(root))) {
                    throw new IllegalArgumentException("the target " + target + " would put moved files back inside dataset "
                            + r.getValue() + " (" + root + "); choose a folder outside it, or a new folder inside it");
                }
            }
            // Sidecars that are also planned images go on their own; kept images stay.
            List<Path> cars = new ArrayList<>();
            List<BasicFileAttributes> carAttrs = new ArrayList<>();
            for (Path s : new LinkedHashSet<>(sidecars.sidecarsOf(f))) {
                Path abs = s.toAbsolutePath().normalize();
                BasicFileAttributes a = FileOps.attrs(abs);
                if (a != null && abs.startsWith(f.dataset().root()) && !sources.contains(abs) && !kept.contains(abs)
                        && planned.add(abs)) {
                    cars.add(abs);
                    carAttrs.add(a);
                }
            }
            List<Path> carDsts = new ArrayList<>();
            for (Path s : cars) {
                carDsts.add(datasetDir.resolve(f.dataset().root().relativize(s)).normalize());
            }
            String stem = ImageExtensions.stem(dst.getFileName().toString());
            int n = 0;
            while (!allFree(dst, carDsts, stem, n, taken)) {
                n++;
            }
            Path finalDst = at(dst, stem, n);
            taken.add(finalDst);
            ops.add(new ActionPlan.Operation(group, src, finalDst, f.size(), f.mtimeMillis(), false, sha256.get(f.key())));
            for (int i = 0; i < cars.size(); i++) {
                Path carDst = at(carDsts.get(i), stem, n);
                taken.add(carDst);
                ops.add(new ActionPlan.Operation(group, cars.get(i), carDst, carAttrs.get(i).size(),
                        carAttrs.get(i).lastModifiedTime().toMillis(), true, null));
            }
            group++;
        }
        List<Path> sourceRoots = images.stream().map(f -> f.dataset().root()).toList();
        return new ActionPlan(kind, runId, target, ops, sourceRoots);
    }

    private static boolean allFree(Path dst, List<Path> carDsts, String stem, int n, Set<Path> taken) {
        Path d = at(dst, stem, n);
        if (FileOps.occupied(d) || taken.contains(d)) {
            return false;
        }
        for (Path c : carDsts) {
            Path cd = at(c, stem, n);
            if (FileOps.occupied(cd) || taken.contains(cd) || cd.equals(d)) {
                return false;
            }
        }
        return true;
    }

    private static Path at(Path p, String stem, int n) {
        return n == 0 ? p : p.resolveSibling(FileOps.suffixed(p.getFileName().toString(), stem, n));
    }
}
