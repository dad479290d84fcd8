package doppel.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Puts every entry of the outer {@code maxLevel} containers on its own line and writes deeper containers
 * compactly, so that a results file has one group or one pair per line: readable, greppable, and not
 * bloated by indentation of millions of small arrays.
 */
final class LevelPrettyPrinter implements PrettyPrinter {
    private final int maxLevel;
    private int level;

    LevelPrettyPrinter(int maxLevel) {
        this.maxLevel = maxLevel;
    }

    private void newline(JsonGenerator g, int indentLevel) throws IOException {
        g.writeRaw('\n');
        for (int i = 0; i < indentLevel; i++) {
            g.writeRaw("  ");
        }
    }

    private boolean expanded() {
        return level <= maxLevel;
    }

    /** Opens an object or array: one level deeper. */
    private void open(JsonGenerator g, char bracket) throws IOException {
        g.writeRaw(bracket);
        level++;
    }

    /** Closes an object or array, on its own line when its entries were one per line. */
    private void close(JsonGenerator g, char bracket, int entries) throws IOException {
        boolean wasExpanded = expanded();
        level--;
        if (wasExpanded && entries > 0) {
            newline(g, level);
        }
        g.writeRaw(bracket);
    }

    /** Separates two entries (or starts the first one) of an object or array. */
    private void separate(JsonGenerator g, boolean comma) throws IOException {
        if (comma) {
            g.writeRaw(',');
        }
        if (expanded()) {
            newline(g, level);
        }
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        open(g, '{');
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
        close(g, '}', nrOfEntries);
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        separate(g, true);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(expanded() ? ": " : ":");
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        open(g, '[');
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
        close(g, ']', nrOfValues);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        separate(g, true);
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        separate(g, false);
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        separate(g, false);
    }
}
