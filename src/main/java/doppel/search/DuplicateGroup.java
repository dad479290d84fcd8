package doppel.search;

import java.util.List;

/**
 * An image that stays and the images removed for it, each a direct duplicate of it (see {@link DuplicateFinder}).
 *
 * @param kept    index (into {@link DuplicateResult#images()}) of the image that stays
 * @param members indices of all images of the group, the kept one included, sorted ascending
 * @param scores  for each member, the score of its pair with the kept image; NaN for the kept image itself
 *                (and, in groups built by other means, for a member with no direct pair)
 */
public record DuplicateGroup(int kept, List<Integer> members, List<Double> scores) {
    public DuplicateGroup {
        members = List.copyOf(members);
        scores = List.copyOf(scores);
        if (members.size() != scores.size() || !members.contains(kept)) {
            throw new IllegalArgumentException("kept image must be a member, one score per member");
        }
    }

    /** The members other than the kept one: the files to remove. */
    public List<Integer> removed() {
        return members.stream().filter(m -> m != kept).toList();
    }
}
