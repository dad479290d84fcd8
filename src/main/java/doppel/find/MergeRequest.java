package doppel.find;

import doppel.dataset.ScanResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link MergeDatasets} run merges: datasets in order of precedence, copied (or hard-linked) into one tree
 * without the images that duplicate one already taken. It is a {@link FindRequest} that keeps the first dataset's
 * image; its removals are the images left out.
 *
 * <pre>{@code
 * MergeRun run = MergeDatasets.plan(MergeRequest.builder().datasets(Path.of("A"), Path.of("B")).into(Path.of("FULL")).build());
 * run.run(System.out);
 * }</pre>
 */
public final class MergeRequest {
    private final FindRequest find;
    private final Path into;
    private final boolean link;
    private final boolean dryRun;

    private MergeRequest(Builder b) {
        find = b.find().datasets(b.datasets).crossOnly(b.crossOnly).build();
        into = b.into;
        link = b.link;
        dryRun = b.dryRun;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The find this merge runs: the datasets in order, the first dataset's image kept. */
    public FindRequest find() {
        return find;
    }

    /** Scans the datasets, in order of precedence. */
    public ScanResult scan() {
        return find.scan();
    }

    /** The merged tree. */
    public Path into() {
        return into;
    }

    /** Hard-link instead of copying, where possible. */
    public boolean link() {
        return link;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Builds a {@link MergeRequest}; every setter returns the builder. */
    public static final class Builder extends ScanBuilder<Builder> {
        private final List<Path> datasets = new ArrayList<>();
        private Path into;
        private boolean link;
        private boolean dryRun;
        private boolean crossOnly;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Dataset folders in order of precedence: an image duplicating one of an earlier dataset is left out. */
        public Builder datasets(Path... dirs) {
            return datasets(Arrays.asList(dirs));
        }

        public Builder datasets(List<Path> dirs) {
            datasets.addAll(dirs);
            return this;
        }

        /** The merged tree FULL/&lt;dataset&gt;/&lt;path&gt;; created if missing, never overwritten. */
        public Builder into(Path dir) {
            this.into = Objects.requireNonNull(dir);
            return this;
        }

        /** Hard-link instead of copying (files are copied where a link is impossible). */
        public Builder link(boolean link) {
            this.link = link;
            return this;
        }

        /** Only say what would be done. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Leave out only images that duplicate one of an earlier dataset; keep duplicates within a dataset. */
        public Builder crossOnly(boolean crossOnly) {
            this.crossOnly = crossOnly;
            return this;
        }

        /** @throws IllegalArgumentException without datasets or a target tree */
        public MergeRequest build() {
            if (datasets.isEmpty() || into == null) {
                throw new IllegalArgumentException("a merge needs datasets and a target tree");
            }
            return new MergeRequest(this);
        }
    }
}
