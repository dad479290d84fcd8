package doppel.cli;

import picocli.CommandLine.Option;

/** {@code -t/--threshold} of the searching commands; its help takes the defaults from the encoder registry. */
final class ThresholdOption {
    @Option(names = {"-t", "--threshold"}, paramLabel = "T",
            description = "Max Hamming distance for hashes (default per encoder at 64 bits: ${bundle:doppel.thresholds.hashes}; "
                    + "tighter with --dihedral, scaled with --hash-size), or min cosine similarity for embeddings "
                    + "(${bundle:doppel.thresholds.embeddings}).")
    Double value;
}
