package doppel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/** The package graph, read from the compiled classes by the JDK's jdeps. */
class PackageDependenciesTest {
    /** "doppel.a -> doppel.b" for every dependency between two of Doppel's packages. */
    static Set<String> edges() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        Path classes = Path.of("target", "classes");
        assertTrue(Files.isDirectory(classes.resolve("doppel")), "compile first: " + classes.toAbsolutePath());
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-e", "doppel\\..*",
                classes.toString());
        assertEquals(0, rc, out.toString());
        Set<String> edges = new TreeSet<>();
        for (String line : out.toString().split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length >= 3 && w[1].equals("->") && w[0].startsWith("doppel.") && !w[0].equals(w[2])) {
                edges.add(w[0] + " -> " + w[2]);
            }
        }
        return edges;
    }

    @Test
    void datasetsKnowNothingOfEncoders() {
        Set<String> edges = edges();
        assertTrue(edges.contains("doppel.encode -> doppel.dataset"), "jdeps output not understood: " + edges);
        assertTrue(edges.stream().noneMatch(e -> e.startsWith("doppel.dataset -> doppel.encode")),
                "doppel.dataset must not depend on doppel.encode (a cycle): " + edges);
    }

    @Test
    void packagesFormNoCycle() {
        Map<String, Set<String>> uses = new HashMap<>();
        for (String edge : edges()) {
            String[] ab = edge.split(" -> ");
            uses.computeIfAbsent(ab[0], k -> new TreeSet<>()).add(ab[1]);
        }
        assertTrue(uses.getOrDefault("doppel.encode.factory", Set.of()).contains("doppel.encode.hash"),
                "jdeps output not understood: " + uses);
        // A cycle is an edge a -> b where a is reachable from b.
        Set<String> cycles = new TreeSet<>();
        uses.forEach((a, targets) -> targets.forEach(b -> {
            if (reachable(b, uses).contains(a)) {
                cycles.add(a + " -> " + b);
            }
        }));
        assertEquals(Set.of(), cycles, "edges on a package cycle");
    }

    private static Set<String> reachable(String from, Map<String, Set<String>> uses) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            for (String next : uses.getOrDefault(todo.pop(), Set.of())) {
                if (seen.add(next)) {
                    todo.push(next);
                }
            }
        }
        return seen;
    }

    @Test
    void benchmarksAreNotShipped() {
        assertTrue(edges().stream().noneMatch(e -> e.startsWith("doppel.bench")));
        assertTrue(!Files.exists(Path.of("target", "classes", "doppel", "bench")), "benchmarks in the shipped classes");
    }
}
