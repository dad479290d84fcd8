package doppel.find;

import doppel.act.FingerprintPairs;
import doppel.act.PlanFile;

/**
 * The apply use case: carry out a removal plan written elsewhere the way a find does. Each listed file and its
 * kept image must still have the plan's digests and, fingerprinted again with the plan's encoder, still be within
 * its threshold; lines that fail are refused and left alone.
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
            try (FingerprintPairs pairs = FingerprintPairs.open(header.encoder(), header.threshold(), request.workers())) {
                contents = contents.confirmed(pairs);
            }
        }
        return new ApplyRun(request, contents);
    }
}
