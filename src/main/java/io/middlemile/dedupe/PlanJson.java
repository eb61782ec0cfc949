package io.middlemile.dedupe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.middlemile.model.SourceRef;

import java.io.IOException;

/**
 * A merge plan's parts as JSON, the form the plan file ({@code .middlemile/dedupe/NAME-plan.json}) and the state store's
 * dedupe runs keep them in: clusters, pairs and the run's figures, each written and read back as the same record.
 *
 * <p>A record's reference is one text, {@code "connection/object/sourceId"} (as {@link SourceRef#toString()} and the
 * CLI print it, read back by {@link SourceRef#parse}), not an object of three named fields: a cluster names its records
 * in its master, in each pair and in every field choice's source, and as objects the references were a third of a
 * million contacts' 500 MB plan. An explanation line is likewise one array, {@code [comparison, level, weight]}
 * ({@link LineWriter}). Plans and runs saved with references or lines as objects read as before.
 * The API and the console show the parts read back, with references and lines as objects.
 */
public final class PlanJson {

    // a run saved by an older version may lack a field added since, or hold one dropped: read what is there
    private static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule("plan-references").addSerializer(SourceRef.class, new RefWriter())
                    .addDeserializer(SourceRef.class, new RefReader())
                    .addSerializer(Contribution.class, new LineWriter()).addDeserializer(Contribution.class, new LineReader()));

    private static final class RefWriter extends JsonSerializer<SourceRef> {
        @Override
        public void serialize(SourceRef ref, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeString(ref.toString());
        }
    }

    private static final class RefReader extends JsonDeserializer<SourceRef> {
        @Override
        public SourceRef deserialize(JsonParser json, DeserializationContext context) throws IOException {
            if (json.currentToken() == JsonToken.VALUE_STRING) {
                SourceRef ref = SourceRef.parse(json.getText());
                return ref != null ? ref : context.reportInputMismatch(SourceRef.class, "a record reference \"%s\" is not"
                        + " connection/object/sourceId", json.getText());
            }
            // written by a version that kept references as objects
            JsonNode ref = json.readValueAsTree();
            return new SourceRef(ref.path("connection").asText(), ref.path("object").asText(), ref.path("sourceId").asText());
        }
    }

    /**
     * An explanation line as {@code ["email (email)", "exact", 13.05]}: a table row of comparison, level and weight. A
     * million contacts' plan holds about 2.5 million lines; as objects of three named fields they were a third of its
     * bytes, and each line's text was made again, its weight's digits too. The lines are few and shared ({@code MatchModel}
     * makes each once), so each line's text is made once and reused.
     */
    private static final class LineWriter extends JsonSerializer<Contribution> {
        // bounded: a long-running engine's dedupe runs each bring their own lines (term-frequency weights differ per value)
        private static final int KEPT = 100_000;
        private static final ObjectMapper PLAIN = new ObjectMapper();
        private final java.util.Map<Contribution, com.fasterxml.jackson.core.io.SerializedString> texts =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void serialize(Contribution line, JsonGenerator json, SerializerProvider provider) throws IOException {
            if (texts.size() > KEPT) {
                texts.clear();
            }
            json.writeRawValue(texts.computeIfAbsent(line, LineWriter::text));
        }

        private static com.fasterxml.jackson.core.io.SerializedString text(Contribution line) {
            try {
                return new com.fasterxml.jackson.core.io.SerializedString(PLAIN.writeValueAsString(
                        new Object[]{line.comparison(), line.level(), line.weight()}));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the explanation line " + line + " as JSON: " + e.getMessage(), e);
            }
        }
    }

    private static final class LineReader extends JsonDeserializer<Contribution> {
        @Override
        public Contribution deserialize(JsonParser json, DeserializationContext context) throws IOException {
            JsonNode line = json.readValueAsTree();
            // an object: written by a version that kept lines as objects of three named fields
            return line.isArray() ? new Contribution(line.path(0).asText(), line.path(1).asText(), line.path(2).asDouble())
                    : new Contribution(line.path("comparison").asText(), line.path("level").asText(),
                    line.path("weight").asDouble());
        }
    }

    private PlanJson() {
    }

    public static String write(Object part) {
        return new String(utf8(part), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code part}'s JSON as UTF-8, the bytes the plan file and the state store keep. */
    public static byte[] utf8(Object part) {
        try {
            return MAPPER.writeValueAsBytes(part);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a dedupe plan's " + part.getClass().getSimpleName() + " as JSON: "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code parts} as JSON texts in UTF-8, written as they are read: a view for streaming a large plan, not a copy. Read
     * in order, they are written a batch at a time on every core, and the batch after the one being read is written
     * meanwhile on a helper thread: a million contacts' plan is 480 MB of JSON, and the reader (the store's save)
     * packs each batch on every core too; one after the other, each step left a core idle at its end. Bytes, not
     * strings: the plan file and the store want UTF-8, and a string of the same JSON was written through a buffer of
     * characters twice its size, then encoded once for each of them.
     */
    public static java.util.List<byte[]> texts(java.util.List<?> parts) {
        return texts(parts, (json, index) -> { });
    }

    /**
     * As {@link #texts(java.util.List)}, handing each text to {@code written} as well, with its index, on the reading
     * thread and in the order read.
     */
    public static java.util.List<byte[]> texts(java.util.List<?> parts, java.util.function.ObjIntConsumer<byte[]> written) {
        return new java.util.AbstractList<>() {
            private byte[][] batch = new byte[0][];
            private int from;
            // the batch after this one, being written on a helper thread; null when there is none
            private java.util.concurrent.Future<byte[][]> ahead;
            private int aheadFrom = -1;

            @Override
            public byte[] get(int index) {
                java.util.Objects.checkIndex(index, parts.size());
                if (index < from || index >= from + batch.length) {
                    batch = index == aheadFrom ? Spread.join(ahead) : batch(parts, index);
                    from = index;
                    int following = index + batch.length;
                    ahead = following < parts.size() ? Spread.ahead(() -> batch(parts, following)) : null;
                    aheadFrom = ahead == null ? -1 : following;
                }
                byte[] json = batch[index - from];
                written.accept(json, index);
                return json;
            }

            @Override
            public int size() {
                return parts.size();
            }
        };
    }

    /** The texts of a batch of {@code parts} from {@code from}, written on every core. */
    private static byte[][] batch(java.util.List<?> parts, int from) {
        byte[][] texts = new byte[Math.min(BATCH, parts.size() - from)][];
        Spread.forEach(texts.length, i -> texts[i] = utf8(parts.get(from + i)));
        return texts;
    }

    /** Texts written at once: a few megabytes, enough for each core to get a long run of them. */
    private static final int BATCH = 2048;

    public static ClusterPlan cluster(String json) {
        return read(json, ClusterPlan.class);
    }

    /** A whole plan file, as {@code middlemile dedupe NAME} writes it. */
    public static MergePlan plan(String json) {
        return read(json, MergePlan.class);
    }

    public static PairDecision pair(String json) {
        return read(json, PairDecision.class);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a saved dedupe run holds a " + type.getSimpleName() + " that cannot be read back ("
                    + e.getOriginalMessage() + "); run `middlemile dedupe NAME` again to save a fresh one", e);
        }
    }
}
