package doppel.find;

import doppel.act.PairProofs;
import doppel.act.PlanFile;
import doppel.image.ImageLoader;

/**
 * The apply use case: carry out a removal plan written elsewhere the way a find does. Each listed file and its
 * kept image must still have the plan's digests, and the pair's proof must hold when proven again from the files
 * ({@link PairProofs}: fingerprinted with the plan's encoder within its threshold, or verified geometrically);
 * lines that fail are refused and left alone.
 */
public final class Apply {
    private Apply() {
    }

    /**
     * Reads the plan and confirms every line from the files; nothing is changed yet.
     *
     * @throws IllegalArgumentException when the plan is refused whole (one line saying why)
     */
    public static ApplyRun check(ApplyRequest request) {
        PlanFile.Contents contents = PlanFile.read(request.plan());
        if (!contents.entries().isEmpty()) {
            PlanFile.Header header = contents.header();
            try (PairProofs proofs = PairProofs.of(header.encoder(), header.threshold(), request.workers(),
                    ImageLoader.DEFAULT_MAX_PIXELS)) {
                contents = contents.confirmed(proofs);
            }
        }
        return new ApplyRun(request, contents);
    }
}
