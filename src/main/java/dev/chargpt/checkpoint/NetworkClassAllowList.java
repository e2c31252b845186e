package dev.chargpt.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chargpt.StrictJson;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The Java classes a network's configuration.json names, against the classes chargpt's networks
 * are made of. DL4J creates every object of that JSON from the class name in its {@code "@class"}
 * property (Jackson's {@code @JsonTypeInfo(use = CLASS)}), and loading a class runs its static
 * initialiser: without this check a checkpoint could name any class on the classpath. The list was
 * read off real checkpoints, not guessed (NetworkClassAllowListTest derives it again).
 *
 * <p>DL4J's mapper knows two other ways to name a class, and chargpt writes neither, so both are
 * refused: a {@code "type"} property (the class of a weight-init {@code Distribution}) and a
 * {@code "stepFunction"} object (a name wrapper, {@code {"default": {}}}). Its third, the
 * pre-1.0 format of name wrappers, is never reached: {@link NetworkArchive} parses with DL4J's current
 * mapper only. The JSON is read strictly, so a key given twice cannot show this check one class and
 * DL4J another.
 */
final class NetworkClassAllowList {
    static final Set<String> CLASSES = Set.of(
            "dev.chargpt.model.CharEmbeddingLayer",
            "dev.chargpt.model.CausalSelfAttentionBlock",
            "dev.chargpt.model.LanguageModelHead",
            "dev.chargpt.optim.WarmupCosineSchedule",
            "dev.chargpt.optim.WarmupStableDecaySchedule",
            "org.nd4j.linalg.learning.config.Adam",
            "org.nd4j.linalg.learning.regularization.WeightDecay",
            "org.nd4j.linalg.schedule.FixedSchedule");

    /**
     * Classes that moved, by the name older checkpoints carry: {@link NetworkArchive} restores them
     * as the class that now answers to it. The schedule lived in {@code train}, then in {@code model}.
     */
    static final Map<String, String> RENAMED = Map.of(
            "dev.chargpt.train.WarmupCosineSchedule", "dev.chargpt.optim.WarmupCosineSchedule",
            "dev.chargpt.model.WarmupCosineSchedule", "dev.chargpt.optim.WarmupCosineSchedule");

    static final String CLASS_PROPERTY = "@class";

    private NetworkClassAllowList() {
    }

    /** @param entry how messages name the JSON, e.g. "its network.zip's configuration.json" */
    static void check(byte[] json, String entry) throws CheckpointRefusal {
        JsonNode root;
        try {
            root = StrictJson.read(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CheckpointRefusal(entry + " is not valid JSON (" + StrictJson.reason(e) + ")");
        }
        check(root, entry);
    }

    private static void check(JsonNode node, String entry) throws CheckpointRefusal {
        if (node.isArray()) {
            for (JsonNode element : node) {
                check(element, entry);
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals(CLASS_PROPERTY) && !(value.isTextual() && (CLASSES.contains(value.textValue()) || RENAMED.containsKey(value.textValue())))) {
                throw new CheckpointRefusal(entry + " names the class " + shown(value) + ", which is not part of a chargpt network");
            }
            if (key.equals("type")) {
                throw new CheckpointRefusal(entry + " names a class in a \"type\" property (" + shown(value)
                        + "), which a chargpt network never has");
            }
            if (key.equals("stepFunction") && !value.isNull()) {
                throw new CheckpointRefusal(entry + " names a step function (" + shown(value) + "), which a chargpt network never has");
            }
            check(value, entry);
        }
    }

    /** A JSON value as a message may quote it: one line, and short. */
    private static String shown(JsonNode value) {
        String text = value.isTextual() ? value.textValue() : value.toString();
        text = text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (text.length() > 120 ? text.substring(0, 120) + "..." : text) + "'";
    }
}
