package doppel.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.encode.EncoderSpec;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@link EncoderSpec} as one line of JSON, the same object the encodings JSON files write under
 * {@code "encoder"}: {@code {"name":"phash","metric":"HAMMING","size":64,"params":{...},"variant_params":{...}}}.
 */
public final class SpecJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpecJson() {
    }

    /** The spec as a JSON object. */
    public static ObjectNode toNode(EncoderSpec spec) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", spec.name());
        node.put("metric", spec.metric().name());
        node.put("size", spec.size());
        ObjectNode params = node.putObject("params");
        spec.sortedParams().forEach(params::put);
        ObjectNode variant = node.putObject("variant_params");
        new TreeMap<>(spec.variantParams()).forEach(variant::put);
        return node;
    }

    /** The spec as compact JSON text. */
    public static String write(EncoderSpec spec) {
        return toNode(spec).toString();
    }

    /** Parses what {@link #write} produced. */
    public static EncoderSpec read(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new EncoderSpec(n.path("name").asText(), EncoderSpec.Metric.valueOf(n.path("metric").asText()),
                    n.path("size").asInt(), strings(n.path("params")), strings(n.path("variant_params")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoder spec: " + json, e);
        }
    }

    private static Map<String, String> strings(JsonNode obj) {
        Map<String, String> out = new TreeMap<>();
        obj.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
