/**
 * The {@code doppel} command line: {@link doppel.cli.Main} and one picocli class per subcommand, which only
 * parse options and print. Shared option groups are mixins ({@code InputOptions}, {@code EncoderOptions},
 * {@code FilterOptions}, ...); usage errors are one line ({@code OneLineErrors}).
 */
package doppel.cli;
