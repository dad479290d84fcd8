package doppel.aesthetic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small fully connected network that maps a CLIP image embedding to an aesthetic score.
 *
 * <p>File format (JSON, UTF-8):
 * <pre>{@code
 * {
 *   "format": "doppel-aesthetic-head",
 *   "version": 1,
 *   "input_dim": 768,               // embedding dimension the head expects
 *   "normalize_input": true,        // L2-normalise the embedding before the first layer
 *   "layers": [                     // applied in order: y = activation(W x + b)
 *     {"weight": [[...], ...],      // out x in, row-major like torch.nn.Linear.weight
 *      "bias": [...],               // out values
 *      "activation": "relu"}        // "relu" or "none" (default "none")
 *   ]
 * }
 * }</pre>
 * The first layer takes {@code input_dim} inputs, each layer takes as many inputs as the previous one has
 * outputs, and the last layer has exactly one output: the score. A linear probe is one layer. LAION's
 * aesthetic predictor (CLIP ViT-L/14, 768-d) is five layers 768→1024→128→64→16→1 with no activation between
 * them (its dropout layers do nothing at inference); {@code scripts/convert_laion_aesthetic.py} writes it in
 * this format. Arithmetic is done in double precision.
 */
public final class AestheticHead {
    /** The value of the "format" field. */
    public static final String FORMAT = "doppel-aesthetic-head";
    /** The only version understood. */
    public static final int VERSION = 1;

    /** Activation applied after a layer. */
    public enum Activation {
        /** Identity. */
        NONE,
        /** max(0, x). */
        RELU
    }

    /**
     * One fully connected layer.
     *
     * @param weight     out x in weights
     * @param bias       out biases
     * @param activation applied to the layer's outputs
     */
    public record Layer(double[][] weight, double[] bias, Activation activation) {
        /** Number of inputs. */
        public int in() {
            return weight[0].length;
        }

        /** Number of outputs. */
        public int out() {
            return weight.length;
        }
    }

    private final String name;
    private final int inputDim;
    private final boolean normalizeInput;
    private final List<Layer> layers;

    private AestheticHead(String name, int inputDim, boolean normalizeInput, List<Layer> layers) {
        this.name = name;
        this.inputDim = inputDim;
        this.normalizeInput = normalizeInput;
        this.layers = List.copyOf(layers);
    }

    /**
     * Builds a head from layers, checking the same shapes as {@link #load}.
     *
     * @param name a name for messages and for the "head" field of score files
     * @throws InvalidHeadException when the shapes do not chain from {@code inputDim} to one output
     */
    public static AestheticHead of(String name, int inputDim, boolean normalizeInput, List<Layer> layers)
            throws InvalidHeadException {
        if (inputDim < 1) {
            throw new InvalidHeadException(name + ": input_dim must be at least 1, got " + inputDim);
        }
        if (layers.isEmpty()) {
            throw new InvalidHeadException(name + ": no layers");
        }
        int in = inputDim;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String where = name + ": layer " + i;
            if (l.weight().length == 0) {
                throw new InvalidHeadException(where + ": empty weight");
            }
            for (int r = 0; r < l.weight().length; r++) {
                if (l.weight()[r].length != in) {
                    throw new InvalidHeadException(where + ": weight row " + r + " has " + l.weight()[r].length
                            + " values, expected " + in + (i == 0 ? " (input_dim)" : " (outputs of layer " + (i - 1) + ")"));
                }
            }
            if (l.bias().length != l.out()) {
                throw new InvalidHeadException(where + ": bias has " + l.bias().length + " values, expected "
                        + l.out() + " (weight rows)");
            }
            in = l.out();
        }
        if (in != 1) {
            throw new InvalidHeadException(name + ": last layer has " + in + " outputs, expected 1 (the score)");
        }
        return new AestheticHead(name, inputDim, normalizeInput, layers);
    }

    /**
     * Loads a head file in the format of the class documentation.
     *
     * @throws InvalidHeadException with a one-line message naming the file when it is missing, not JSON, or
     *                              has wrong fields or shapes
     */
    public static AestheticHead load(Path file) throws InvalidHeadException {
        String name = file.getFileName().toString();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new InvalidHeadException(name + ": not valid JSON (line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage().replaceAll("\\s+", " ") + ")");
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidHeadException(file + ": no such file (make one from LAION's aesthetic predictor with "
                    + "scripts/convert_laion_aesthetic.py; README \"Aesthetic scores\" says where to get it)");
        } catch (IOException e) {
            throw new InvalidHeadException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidHeadException(name + ": expected a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new InvalidHeadException(name + ": \"format\" must be \"" + FORMAT + "\"");
        }
        if (!root.path("version").isInt() || root.get("version").asInt() != VERSION) {
            throw new InvalidHeadException(name + ": unsupported \"version\" " + root.path("version")
                    + " (this build reads version " + VERSION + ")");
        }
        JsonNode dim = root.path("input_dim");
        if (!dim.isInt()) {
            throw new InvalidHeadException(name + ": \"input_dim\" must be an integer");
        }
        JsonNode norm = root.path("normalize_input");
        if (!norm.isMissingNode() && !norm.isBoolean()) {
            throw new InvalidHeadException(name + ": \"normalize_input\" must be true or false");
        }
        JsonNode layersNode = root.path("layers");
        if (!layersNode.isArray()) {
            throw new InvalidHeadException(name + ": \"layers\" must be an array");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < layersNode.size(); i++) {
            layers.add(parseLayer(name + ": layer " + i, layersNode.get(i)));
        }
        return of(name, dim.asInt(), norm.asBoolean(true), layers);
    }

    private static Layer parseLayer(String where, JsonNode node) throws InvalidHeadException {
        if (!node.isObject()) {
            throw new InvalidHeadException(where + ": expected an object with weight, bias, activation");
        }
        JsonNode w = node.path("weight");
        if (!w.isArray() || w.isEmpty()) {
            throw new InvalidHeadException(where + ": \"weight\" must be a non-empty array of rows");
        }
        double[][] weight = new double[w.size()][];
        for (int r = 0; r < w.size(); r++) {
            weight[r] = numbers(where + ": weight row " + r, w.get(r));
        }
        double[] bias = numbers(where + ": \"bias\"", node.path("bias"));
        String act = node.path("activation").asText("none").toLowerCase(Locale.ROOT);
        Activation activation = switch (act) {
            case "none", "linear", "identity" -> Activation.NONE;
            case "relu" -> Activation.RELU;
            default -> throw new InvalidHeadException(where + ": unknown activation \"" + act
                    + "\" (use \"relu\" or \"none\")");
        };
        return new Layer(weight, bias, activation);
    }

    private static double[] numbers(String where, JsonNode node) throws InvalidHeadException {
        if (!node.isArray()) {
            throw new InvalidHeadException(where + " must be an array of numbers");
        }
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new InvalidHeadException(where + ": value " + i + " is not a finite number");
            }
            out[i] = v.asDouble();
        }
        return out;
    }

    /** The file name the head was loaded from (or the name given to {@link #of}). */
    public String name() {
        return name;
    }

    /** The embedding dimension the head expects. */
    public int inputDim() {
        return inputDim;
    }

    /** Whether embeddings are L2-normalised before the first layer. */
    public boolean normalizeInput() {
        return normalizeInput;
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * Scores one embedding.
     *
     * @throws IllegalArgumentException when the embedding's dimension is not {@link #inputDim()}
     */
    public float score(float[] embedding) {
        if (embedding.length != inputDim) {
            throw new IllegalArgumentException("aesthetic head " + name + " expects " + inputDim
                    + "-d embeddings, got " + embedding.length + "-d (use the CLIP model the head was trained on)");
        }
        double[] x = new double[inputDim];
        double norm = 0;
        for (int i = 0; i < inputDim; i++) {
            x[i] = embedding[i];
            norm += x[i] * x[i];
        }
        if (normalizeInput && norm > 0) {
            double inv = 1 / Math.sqrt(norm);
            for (int i = 0; i < inputDim; i++) {
                x[i] *= inv;
            }
        }
        for (Layer l : layers) {
            double[] y = new double[l.out()];
            for (int o = 0; o < y.length; o++) {
                double[] row = l.weight()[o];
                double s = l.bias()[o];
                for (int i = 0; i < row.length; i++) {
                    s += row[i] * x[i];
                }
                y[o] = l.activation() == Activation.RELU ? Math.max(0, s) : s;
            }
            x = y;
        }
        return (float) x[0];
    }
}
