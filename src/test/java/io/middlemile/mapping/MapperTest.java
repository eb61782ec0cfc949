package io.middlemile.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapping features one by one, on small inline mappings. */
class MapperTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectConfig OBJECT = new ObjectConfig("id", null,
            List.of("id", "email", "first", "last", "full", "phone", "country", "status", "stage", "tags", "kind", "owner"));
    private static final Instant T0 = Instant.parse("2024-03-05T14:07:00Z");

    private static Mapper mapper(String fields) throws Exception {
        MappingConfig config = YAML.readValue("connector: crm\nobject: contacts\nentity: person\n" + fields, MappingConfig.class)
                .withId("test");
        return new Mapper(config, OBJECT);
    }

    private static SourceRecord record(Map<String, Object> fields) {
        return new SourceRecord(new SourceRef("crm", "contacts", "42"), new LinkedHashMap<>(fields), T0, "test:1");
    }

    @Test
    void joinsSeveralSourcesAndSplitsOne() throws Exception {
        Mapper mapper = mapper("""
                fields:
                  - {canonical: fullName, sources: [first, last], join: " "}
                  - {canonical: firstName, source: full, transform: [{split: {separator: " ", part: first}}], direction: in}
                  - {canonical: lastName, source: full, transform: [{split: {separator: " ", part: last}}], direction: in}
                """);
        CanonicalRecord canonical = mapper.toCanonical(record(Map.of("first", " Ada ", "last", "Lovelace", "full", "Grace B Hopper")))
                .record();
        assertThat(canonical.string("fullName")).isEqualTo("Ada Lovelace");
        assertThat(canonical.string("firstName")).isEqualTo("Grace");
        assertThat(canonical.string("lastName")).isEqualTo("Hopper");
    }

    @Test
    void replaceTransformAndTakingAStandardizerAttribute() throws Exception {
        Mapper mapper = mapper("""
                fields:
                  - {canonical: title, source: kind, transform: [{replace: {pattern: "\\\\s*\\\\(.*\\\\)$", with: ""}}]}
                  - {canonical: seniority, source: kind, transform: [job-title], take: seniority, direction: in}
                  - {canonical: emailKey, source: email, transform: [email], take: key, direction: in}
                """);
        CanonicalRecord canonical = mapper.toCanonical(record(Map.of("kind", "VP Sales (EMEA)", "email", "J.Doe+x@gmail.com")))
                .record();
        assertThat(canonical.string("title")).isEqualTo("VP Sales");
        assertThat(canonical.string("seniority")).isEqualTo("vp");
        assertThat(canonical.string("emailKey")).isEqualTo("jdoe@gmail.com");
    }

    @Test
    void phoneUsesTheRecordsCountryAsDefaultRegion() throws Exception {
        MappingConfig config = YAML.readValue("""
                connector: crm
                object: contacts
                entity: person
                countryField: country
                defaultCountry: US
                fields:
                  - {canonical: phone, source: phone, transform: [phone]}
                """, MappingConfig.class).withId("test");
        Mapper mapper = new Mapper(config, OBJECT);
        assertThat(mapper.toCanonical(record(Map.of("phone", "030 1234567", "country", "Deutschland"))).record().string("phone"))
                .isEqualTo("+49301234567");
        assertThat(mapper.toCanonical(record(Map.of("phone", "(415) 555-0134"))).record().string("phone"))
                .isEqualTo("+14155550134");
    }

    @Test
    void invalidValuesAreKeptEmptiedOrRejectedAsTheLineSays() throws Exception {
        String line = "  - {canonical: email, source: email, transform: [email], invalid: %s}\n";
        SourceRecord bad = record(Map.of("email", "not-an-email"));

        Mapped<CanonicalRecord> kept = mapper("fields:\n" + line.formatted("keep")).toCanonical(bad);
        assertThat(kept.record().string("email")).isEqualTo("not-an-email");
        assertThat(kept.notes()).singleElement().asString().startsWith("email → email: \"not-an-email\" is not valid").endsWith("kept as is");

        Mapped<CanonicalRecord> emptied = mapper("fields:\n" + line.formatted("empty")).toCanonical(bad);
        assertThat(emptied.record().fields()).doesNotContainKey("email");
        assertThat(emptied.notes()).singleElement().asString().endsWith("left empty");

        assertThatThrownBy(() -> mapper("fields:\n" + line.formatted("reject")).toCanonical(bad))
                .isInstanceOf(MappingException.class).hasMessageStartingWith("email → email: \"not-an-email\" is not valid");
    }

    @Test
    void valueMapsReadFirstMatchAndTellTheWritePathWhichTargetValuesMeanTheSame() throws Exception {
        Mapper mapper = mapper("""
                fields:
                  - canonical: lifecycleStage
                    source: stage
                    values:
                      - {source: Open, canonical: lead}
                      - {source: New, canonical: lead}
                      - {source: Won, canonical: customer}
                    unmapped: reject
                """);
        assertThat(mapper.toCanonical(record(Map.of("stage", "new"))).record().string("lifecycleStage")).isEqualTo("lead");
        CanonicalRecord lead = mapper.toCanonical(record(Map.of("stage", "New"))).record();

        TargetRecord out = mapper.fromCanonical(lead).record();
        assertThat(out.fields()).containsEntry("stage", "Open");
        // a target already saying New (also lead) must be left alone by the write path
        assertThat(out.write("stage").equivalents()).containsExactlyInAnyOrder("Open", "New");

        assertThatThrownBy(() -> mapper.toCanonical(record(Map.of("stage", "Lost"))))
                .isInstanceOf(MappingException.class)
                .hasMessage("stage → lifecycleStage: \"Lost\" is not in the value map; add it to values: in mappings/test.yaml");
    }

    @Test
    void conditionsSelectWhichLinesApply() throws Exception {
        Mapper mapper = mapper("""
                fields:
                  - {canonical: leadSource, constant: partner, when: {field: kind, in: [Partner, Reseller]}, direction: in}
                  - {canonical: leadSource, constant: web, when: {field: kind, equals: web}, direction: in}
                  - {canonical: ownerEmail, source: owner, when: {field: owner, matches: ".+@example\\\\.com"}}
                  - {canonical: leadStatus, constant: unknown, when: {field: status, notEmpty: false}, direction: in}
                """);
        CanonicalRecord partner = mapper.toCanonical(record(Map.of("kind", "reseller", "owner", "ann@example.com"))).record();
        assertThat(partner.string("leadSource")).isEqualTo("partner");
        assertThat(partner.string("ownerEmail")).isEqualTo("ann@example.com");
        assertThat(partner.string("leadStatus")).isEqualTo("unknown");

        CanonicalRecord web = mapper.toCanonical(record(Map.of("kind", "WEB", "owner", "bob@elsewhere.org", "status", "x"))).record();
        assertThat(web.string("leadSource")).isEqualTo("web");
        assertThat(web.fields()).doesNotContainKeys("ownerEmail", "leadStatus");
    }

    @Test
    void writeRulesTravelWithTheRecordAndNeverFieldsAndMissingValuesAreLeftOut() throws Exception {
        Mapper mapper = mapper("""
                fields:
                  - {canonical: email, source: email}
                  - {canonical: firstName, source: first, write: if-empty}
                  - {canonical: lastName, source: last, write: prefer-newest}
                  - {canonical: leadStatus, source: status, write: never}
                  - {canonical: phone, source: phone}
                  - {canonical: country, source: country, default: US}
                """);
        CanonicalRecord canonical = mapper.toCanonical(record(Map.of("email", "a@b.co", "first", "Ann", "last", "Lee", "status", "x")))
                .record();

        TargetRecord out = mapper.fromCanonical(canonical).record();
        assertThat(out.fields()).containsOnlyKeys("email", "first", "last", "country", "id")
                .containsEntry("country", "US").containsEntry("id", "42");
        assertThat(out.write("email").rule()).isEqualTo("always");
        assertThat(out.write("first").rule()).isEqualTo("if-empty");
        assertThat(out.write("last").rule()).isEqualTo("prefer-newest");
        assertThat(out.write("last").setAt()).isEqualTo(T0);
    }

    @Test
    void aRecordMappedWithoutDefaultsHasOnlyWhatItSaysAndTheFieldsReadIntoEachAreKnown() throws Exception {
        Mapper mapper = mapper("""
                fields:
                  - {canonical: email, source: email, transform: [email]}
                  - {canonical: emailKey, source: email, transform: [email], take: key, direction: in}
                  - {canonical: lastName, source: last, default: "[not provided]"}
                  - {canonical: fullName, sources: [first, last], join: " "}
                  - {canonical: leadStatus, source: status, values: [{source: "1", canonical: new}]}
                """);
        SourceRecord noLastName = record(Map.of("email", "a@b.co"));

        // a sync still writes the default where the target requires a value; a lookup does not take it for the record's own
        assertThat(mapper.toCanonical(noLastName).record().string("lastName")).isEqualTo("[not provided]");
        assertThat(mapper.toCanonicalWithoutDefaults(noLastName).record().fields()).containsOnlyKeys("email", "emailKey");
        assertThat(mapper.readInto("email")).containsExactly("email", "emailKey");
        assertThat(mapper.readInto("last")).containsExactly("lastName", "fullName");
        assertThat(mapper.readInto("status")).as("a value map compares any value as text").isEmpty();
    }

    @Test
    void aPlaceholderIsWrittenForAnEmptyValueAndReadBackAsNoValue() throws Exception {
        Mapper mapper = mapper("""
                fields:
                  - {canonical: email, source: email}
                  - {canonical: lastName, source: last, transform: [last-name], placeholder: "[not provided]"}
                """);
        // the hub wrote the stand-in because the CRM requires a last name; the standardizer gives it back re-capitalised
        CanonicalRecord readBack = mapper.toCanonical(record(Map.of("email", "a@b.co", "last", "[not provided]"))).record();
        assertThat(readBack.fields()).doesNotContainKey("lastName");
        assertThat(mapper.toCanonical(record(Map.of("email", "a@b.co", "last", "Lee"))).record().string("lastName")).isEqualTo("Lee");
        assertThat(mapper.fromCanonical(readBack).record().fields()).containsEntry("last", "[not provided]");
    }

    @Test
    void recordsMapTheSameWhenTheirLookUpsWereReadAhead() throws Exception {
        String fields = """
                fields:
                  - {canonical: firstName, source: first, transform: [first-name]}
                  - {canonical: lastName, source: last, transform: [last-name]}
                  - {canonical: companyName, source: kind, transform: [company-name]}
                  - {canonical: title, source: kind, transform: [job-title], when: {field: status, equals: active}}
                  - {canonical: fullName, sources: [first, last], join: " "}
                  - {canonical: country, source: country, transform: [country]}
                  - {canonical: email, source: email, transform: [email]}
                """;
        Mapper warmed = mapper(fields);
        Mapper plain = mapper(fields);
        List<SourceRecord> records = new java.util.ArrayList<>();
        String[] firsts = {"ann", "Ann", " ANN ", "Dr. José", "", "Bob"};
        for (int i = 0; i < 200; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("first", firsts[i % firsts.length]);
            if (i % 5 != 0) { // some records without the field at all
                values.put("last", "o'neil-" + (i % 13));
            }
            values.put("kind", i % 3 == 0 ? "ACME, Inc." : "VP Sales " + (i % 4));
            values.put("status", i % 2 == 0 ? "active" : "gone");
            values.put("country", i % 2 == 0 ? "Deutschland" : "us");
            values.put("email", "Person" + i + "@Acme.com");
            records.add(record(values));
        }
        for (int from = 0; from < records.size(); from += 64) {
            List<SourceRecord> step = records.subList(from, Math.min(records.size(), from + 64));
            warmed.warm(step);
            for (SourceRecord record : step) {
                assertThat(warmed.toCanonical(record)).isEqualTo(plain.toCanonical(record));
            }
        }
        warmed.warm(List.of());
    }
}
