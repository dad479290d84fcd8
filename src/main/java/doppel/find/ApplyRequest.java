package doppel.find;

import doppel.act.ActionPlanner;
import doppel.progress.Progress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What an {@link Apply} run carries out: a plan file ({@code doppel find --plan-out}, the Spark job) and what to
 * do with the files it lists.
 *
 * <pre>{@code
 * ApplyRun run = Apply.check(ApplyRequest.builder().plan(Path.of("plan.jsonl")).moveTo(Path.of("dups")).build());
 * run.prepareAction().run(System.out, "apply plan.jsonl");
 * }</pre>
 */
public final class ApplyRequest {
    private final Path plan;
    private final FindRequest.Action action;
    private final Path target;
    private final boolean dryRun;
    private final boolean annotations;
    private final int workers;
    private final Progress progress;

    private ApplyRequest(Builder b) {
        plan = b.plan;
        action = b.action;
        target = b.target;
        dryRun = b.dryRun;
        annotations = b.annotations;
        workers = b.workers;
        progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path plan() {
        return plan;
    }

    /** {@link FindRequest.Action#MOVE} or {@link FindRequest.Action#DELETE}. */
    public FindRequest.Action action() {
        return action;
    }

    /** The folder files are moved into, or whose trash they go to. */
    public Path target() {
        return target;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Whether annotation files go along with their images. */
    public boolean annotations() {
        return annotations;
    }

    /** Threads for fingerprinting the plan's pairs again. */
    public int workers() {
        return workers;
    }

    public Progress progress() {
        return progress;
    }

    /** Builds an {@link ApplyRequest}; every setter returns the builder. */
    public static final class Builder extends RequestBuilder<Builder> {
        private Path plan;
        private FindRequest.Action action;
        private Path target;
        private boolean dryRun;
        private boolean annotations = true;
        private int workers = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** The plan file (JSON lines, format doppel-plan). */
        public Builder plan(Path file) {
            this.plan = Objects.requireNonNull(file);
            return this;
        }

        /** Move the listed files into {@code dir}, as dir/&lt;dataset&gt;/&lt;path&gt;. */
        public Builder moveTo(Path dir) {
            this.action = FindRequest.Action.MOVE;
            this.target = Objects.requireNonNull(dir);
            return this;
        }

        /** Delete the listed files, undoably, through {@code trash} (default ./duplicates). */
        public Builder delete(Path trash) {
            this.action = FindRequest.Action.DELETE;
            this.target = Objects.requireNonNull(trash);
            return this;
        }

        /** As {@link #delete(Path)} into ./duplicates. */
        public Builder delete() {
            return delete(Path.of(ActionPlanner.DEFAULT_DIR));
        }

        /** Only say what would be done. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Move or delete annotation files with their images (default true). */
        public Builder annotations(boolean annotations) {
            this.annotations = annotations;
            return this;
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** @throws IllegalArgumentException without a plan or an action */
        public ApplyRequest build() {
            if (plan == null || action == null) {
                throw new IllegalArgumentException("an apply needs a plan file and an action (move to a folder or delete)");
            }
            return new ApplyRequest(this);
        }
    }
}
