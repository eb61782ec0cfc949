package io.middlemile.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.DedupeConfig;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads Febrl CSVs into canonical person records and loads the bundled Febrl rule files. */
public final class Febrl {

    /** Febrl column → canonical person field. */
    static final Map<String, String> COLUMNS = Map.of("given_name", "firstName", "surname", "lastName",
            "street_number", "streetNumber", "address_1", "street", "address_2", "addressLine2", "suburb", "city",
            "postcode", "postalCode", "state", "region", "date_of_birth", "birthDate", "soc_sec_id", "nationalId");

    private Febrl() {
    }

    /** The shared data set folder, resolved from the project directory. */
    public static Path datasets() {
        return Path.of(System.getProperty("user.dir")).resolve("../shared/datasets/febrl").normalize();
    }

    /** Records of one Febrl file, tagged with {@code connection}; entity ids (the n of rec-n-...) in {@code truth}. */
    public static List<CanonicalRecord> read(Path file, String connection, List<String> truth) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, connection, truth);
        }
    }

    public static List<CanonicalRecord> read(Reader in, String connection, List<String> truth) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).build();
        List<CanonicalRecord> out = new ArrayList<>();
        Provenance provenance = new Provenance(connection, null);
        try (CSVParser parser = CSVParser.parse(in, format)) {
            for (CSVRecord row : parser) {
                String id = row.get("rec_id").trim();
                Map<String, FieldValue> fields = new LinkedHashMap<>();
                for (Map.Entry<String, String> column : COLUMNS.entrySet()) {
                    String v = row.get(column.getKey()).trim();
                    if (!v.isEmpty()) {
                        fields.put(column.getValue(), new FieldValue(v, provenance));
                    }
                }
                out.add(new CanonicalRecord(Entity.PERSON, new SourceRef(connection, "person", id), null, fields));
                truth.add(entityOf(id));
            }
        }
        return out;
    }

    /** "rec-12-dup-3" → "12". */
    static String entityOf(String recId) {
        String[] parts = recId.split("-");
        return parts[1];
    }

    /**
     * A rule file of the bundled sample workspace ({@code dedupe/contacts.yaml} under the project directory): the
     * rules a new user starts from, as the README documents them.
     */
    public static DedupeRules bundledRules(String name) throws IOException {
        Path file = Path.of(System.getProperty("user.dir")).resolve("dedupe").resolve(name);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try (InputStream in = Files.newInputStream(file)) {
            return DedupeRules.from(yaml.readValue(in, DedupeConfig.class).withId(name));
        }
    }

    /** A rule file from the test resources ({@code dedupe/febrl-dedupe.yaml}). */
    public static DedupeRules rules(String resource) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try (InputStream in = Febrl.class.getResourceAsStream("/dedupe/" + resource)) {
            if (in == null) {
                throw new IOException("rule file dedupe/" + resource + " not on the test classpath");
            }
            DedupeConfig config = yaml.readValue(in, DedupeConfig.class).withId(resource);
            return DedupeRules.from(config);
        }
    }
}
