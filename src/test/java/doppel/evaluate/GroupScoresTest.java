package doppel.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import doppel.results.ImagePair;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Group metrics: a missed pair inside a connected group costs nothing, a wrong pair between groups merges them. */
class GroupScoresTest {
    private static final Set<ImagePair> TRUTH = Set.of(ImagePair.of("a", "b"), ImagePair.of("a", "c"),
            ImagePair.of("b", "c"), ImagePair.of("d", "e"));

    @Test
    void chainedPairsRecoverTheWholeGroup() {
        GroupScores g = GroupScores.of(Set.of(ImagePair.of("a", "b"), ImagePair.of("b", "c"), ImagePair.of("d", "e")), TRUTH);
        assertEquals(new PairScores(4, 0, 0), g.closure());
        assertEquals(1.0, g.groupPrecision());
        assertEquals(1.0, g.groupRecall());
    }

    @Test
    void oneWrongPairMergesTwoGroups() {
        GroupScores g = GroupScores.of(Set.of(ImagePair.of("a", "b"), ImagePair.of("b", "c"), ImagePair.of("c", "d"),
                ImagePair.of("d", "e")), TRUTH);
        // {a,b,c,d,e}: 10 pairs, of which the 4 true ones
        assertEquals(new PairScores(4, 6, 0), g.closure());
        assertEquals(0.0, g.groupPrecision());
        assertEquals(0.0, g.groupRecall());
        assertEquals(1, g.foundGroups());
    }
}
