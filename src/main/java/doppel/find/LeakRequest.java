package doppel.find;

import doppel.dataset.Dataset;
import doppel.dataset.ScanResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link Leak} check compares: query datasets (e.g. the test set) against reference datasets (e.g. the
 * training set). It is a cross-only {@link FindRequest} over the reference datasets first, then the query ones,
 * whose pairs must join a reference image and a query image.
 *
 * <pre>{@code
 * LeakRun run = Leak.check(LeakRequest.builder().query(Path.of("test")).reference(Path.of("train")).build());
 * System.out.println(run.verdict());
 * }</pre>
 */
public final class LeakRequest {
    private final List<Path> query;
    private final List<Path> reference;
    private final FindRequest find;

    private LeakRequest(Builder b) {
        query = List.copyOf(b.query);
        reference = List.copyOf(b.reference);
        List<Path> all = new ArrayList<>(reference);
        all.addAll(query); // reference first: it is the side kept in every group
        find = b.find().datasets(all).crossOnly(true).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Path> query() {
        return query;
    }

    public List<Path> reference() {
        return reference;
    }

    /** The find this check runs: reference then query datasets, cross-dataset pairs only, reference kept. */
    public FindRequest find() {
        return find;
    }

    /**
     * The names of the query datasets among {@code datasets} as they were scanned: the reference datasets come
     * first, then the query ones (saved datasets that were not scanned come after all scanned ones).
     */
    public Set<String> queryNames(List<Dataset> datasets) {
        return names(datasets.subList(Math.min(reference.size(), datasets.size()),
                Math.min(reference.size() + query.size(), datasets.size())));
    }

    /** The names of the reference datasets among {@code datasets}, as {@link #queryNames} finds the query ones. */
    public Set<String> referenceNames(List<Dataset> datasets) {
        return names(datasets.subList(0, Math.min(reference.size(), datasets.size())));
    }

    private static Set<String> names(List<Dataset> datasets) {
        Set<String> out = new HashSet<>();
        datasets.forEach(d -> out.add(d.name()));
        return out;
    }

    /** Scans the reference datasets, then the query datasets. */
    public ScanResult scan() {
        return find.scan();
    }

    /** Builds a {@link LeakRequest}; every setter returns the builder. */
    public static final class Builder extends ScanBuilder<Builder> {
        private final List<Path> query = new ArrayList<>();
        private final List<Path> reference = new ArrayList<>();

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** The datasets checked for leaks, e.g. the test set. */
        public Builder query(Path... dirs) {
            return query(Arrays.asList(dirs));
        }

        public Builder query(List<Path> dirs) {
            query.addAll(dirs);
            return this;
        }

        /** The datasets a query image must not duplicate, e.g. the training set. */
        public Builder reference(Path... dirs) {
            return reference(Arrays.asList(dirs));
        }

        public Builder reference(List<Path> dirs) {
            reference.addAll(dirs);
            return this;
        }

        /**
         * @throws IllegalArgumentException when a side is missing or a folder is both a query and a reference dataset
         */
        public LeakRequest build() {
            if (query.isEmpty() || reference.isEmpty()) {
                throw new IllegalArgumentException("a leak check needs query and reference datasets");
            }
            for (Path q : query) {
                for (Path r : reference) {
                    if (sameFolder(q, r)) {
                        throw new IllegalArgumentException(q + " is both a query and a reference dataset");
                    }
                }
            }
            return new LeakRequest(this);
        }

        private static boolean sameFolder(Path a, Path b) {
            try {
                return Files.isDirectory(a) && Files.isDirectory(b) && Files.isSameFile(a, b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
