package doppel.split;

import doppel.dataset.ImageFile;
import doppel.stats.FolderLevels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks training and validation images per topic folder: the best images of each topic by resolution,
 * weighted by aesthetic score when scores are given.
 */
public final class Split {
    private Split() {
    }

    /**
     * Plans a split of one dataset.
     *
     * <p>Per topic folder (see {@link FolderLevels#topicFolder}: {@code depth} levels down, or each image's
     * parent folder for depth 0), images are ranked by {@code width * height}, multiplied by the aesthetic
     * score when {@code scoresOrNull} is given (scores are expected to be positive, as on LAION's 1–10 scale),
     * highest first, ties by relative path. The first {@code train} go to the training set, the next
     * {@code valid} to the validation set. A topic with fewer than {@code train + valid} images fills the
     * training set first and is listed in {@link SplitPlan#shortTopics()}.
     *
     * <p>Files without a size (unreadable), or without a score when scores are given, are left out and listed
     * in {@link SplitPlan#skipped()}.
     *
     * @param files        the dataset's images (all of one dataset)
     * @param sizes        {@code {width, height}} per image, e.g. from {@code ImageStats.scan(...).sizes()}
     * @param scoresOrNull aesthetic score per image, or null to rank by resolution alone
     * @throws IllegalArgumentException for negative counts or files of several datasets
     */
    public static SplitPlan plan(List<ImageFile> files, Map<ImageFile, int[]> sizes, Map<ImageFile, Float> scoresOrNull,
                                 int train, int valid, int depth) {
        if (train < 0 || valid < 0) {
            throw new IllegalArgumentException("--train and --valid must be 0 or more, got " + train + " and " + valid);
        }
        if (files.stream().map(ImageFile::dataset).distinct().count() > 1) {
            throw new IllegalArgumentException("split works on one dataset at a time, got files of "
                    + files.stream().map(f -> f.dataset().name()).distinct().sorted().toList());
        }
        Map<String, List<Ranked>> byTopic = new TreeMap<>();
        Map<ImageFile, String> skipped = new LinkedHashMap<>();
        for (ImageFile f : files) {
            int[] wh = sizes.get(f);
            if (wh == null) {
                skipped.put(f, "size unknown (unreadable image)");
                continue;
            }
            double rank = (double) wh[0] * wh[1];
            if (scoresOrNull != null) {
                Float score = scoresOrNull.get(f);
                if (score == null) {
                    skipped.put(f, "no aesthetic score");
                    continue;
                }
                rank *= score;
            }
            byTopic.computeIfAbsent(FolderLevels.topicFolder(f.relativePath(), depth), k -> new ArrayList<>())
                    .add(new Ranked(f, rank));
        }
        Comparator<Ranked> order = Comparator.comparingDouble(Ranked::rank).reversed()
                .thenComparing(r -> r.file().relativePath());
        TreeMap<String, List<ImageFile>> trainSet = new TreeMap<>();
        TreeMap<String, List<ImageFile>> validSet = new TreeMap<>();
        TreeMap<String, Integer> shortTopics = new TreeMap<>();
        byTopic.forEach((topic, list) -> {
            List<ImageFile> sorted = list.stream().sorted(order).map(Ranked::file).toList();
            int t = Math.min(train, sorted.size());
            int v = Math.min(valid, sorted.size() - t);
            trainSet.put(topic, sorted.subList(0, t));
            validSet.put(topic, sorted.subList(t, t + v));
            if (sorted.size() < train + valid) {
                shortTopics.put(topic, sorted.size());
            }
        });
        return new SplitPlan(train, valid, trainSet, validSet, shortTopics, skipped);
    }

    private record Ranked(ImageFile file, double rank) {
    }
}
