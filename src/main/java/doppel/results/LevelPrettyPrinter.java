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

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw('{');
        level++;
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
        boolean wasExpanded = expanded();
        level--;
        if (wasExpanded && nrOfEntries > 0) {
            newline(g, level);
        }
        g.writeRaw('}');
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        if (expanded()) {
            newline(g, level);
        }
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(expanded() ? ": " : ":");
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw('[');
        level++;
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
        boolean wasExpanded = expanded();
        level--;
        if (wasExpanded && nrOfValues > 0) {
            newline(g, level);
        }
        g.writeRaw(']');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        if (expanded()) {
            newline(g, level);
        }
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        if (expanded()) {
            newline(g, level);
        }
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        if (expanded()) {
            newline(g, level);
        }
    }
}
