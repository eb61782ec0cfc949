package io.middlemile.dedupe;

import io.middlemile.model.Entity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ComparatorsTest {

    /** Level name the comparator of {@code method} gives two values of {@code field}. */
    private static String level(String field, String method, String a, String b) {
        MatchRecords records = new MatchRecords(Entity.PERSON, List.of(field), List.of(), 4);
        records.add(a == null ? TestRecords.person("s", "1") : TestRecords.person("s", "1", field, a));
        records.add(b == null ? TestRecords.person("s", "2") : TestRecords.person("s", "2", field, b));
        FieldComparator comparator = Comparators.create(DedupeRules.ComparisonRule.of(field, method), records);
        comparator.prepare();
        int[] column = records.column(0);
        return comparator.levels().get(comparator.compare(column[0], column[1])).name();
    }

    @Test
    void nicknamesMatchAsNicknames() {
        assertThat(level("firstName", "first-name", "Raj", "Rajesh")).isEqualTo("nickname");
        assertThat(level("firstName", "first-name", "Bob", "Robert")).isEqualTo("nickname");
        assertThat(level("firstName", "first-name", "ROBERT", "robert")).isEqualTo("exact");
        assertThat(level("firstName", "first-name", "J.", "John")).isEqualTo("initial");
        assertThat(level("firstName", "first-name", "Robert", "Rajesh")).isEqualTo("different");
    }

    @Test
    void lastNamesCloseByPhoneticsOrOneEdit() {
        assertThat(level("lastName", "last-name", "Smith", "Smyth")).isEqualTo("close");
        assertThat(level("lastName", "last-name", "O'Brien", "OBrien")).isEqualTo("exact");
        assertThat(level("lastName", "last-name", "Smith Jr.", "SMITH")).isEqualTo("exact");
        assertThat(level("firstName", "first-name", "Dr. John", "john")).isEqualTo("exact");
        assertThat(level("lastName", "last-name", "Smith", "Johnson")).isEqualTo("different");
    }

    @Test
    void missingIsNotAMismatch() {
        assertThat(level("lastName", "last-name", "Smith", null)).isEqualTo("missing");
        assertThat(level("email", "email", null, "a@b.com")).isEqualTo("missing");
        MatchRecords records = new MatchRecords(Entity.PERSON, List.of("email", "lastName"), List.of(), 4);
        records.add(TestRecords.person("s", "1", "lastName", "Smith"));
        records.add(TestRecords.person("s", "2", "lastName", "Smith", "email", "x@y.com"));
        DedupeRules rules = new DedupeRules(Entity.PERSON, List.of("s"), DedupeRules.Mode.DEDUPE,
                List.of(List.of("lastName")), List.of(DedupeRules.ComparisonRule.of("email", "email")),
                0.9, 0.5, 500, false, 0.5, null);
        MatchModel model = new MatchModel(rules, records);
        assertThat(model.weight(0, 1)).isEqualTo(0.0); // prior 0.5 → weight 0, and the missing email adds nothing
        assertThat(model.explain(0, 1)).extracting(Contribution::level).contains("missing");
    }

    @Test
    void emailLevelsSeparateTyposPersonalAddressesAndColleagues() {
        assertThat(level("email", "email", "John.Smith@Acme.com", "john.smith@acme.com")).isEqualTo("exact");
        assertThat(level("email", "email", "john.smith@acme.com", "jon.smith@acme.com")).isEqualTo("close");
        assertThat(level("email", "email", "jsmith@acme.com", "jsmith@gmail.com")).isEqualTo("same-local-part");
        assertThat(level("email", "email", "ann.lee@gmial.com", "annlee@gmail.com")).isEqualTo("exact");
        assertThat(level("email", "email", "john.smith@acme.com", "mary.jones@acme.com"))
                .isEqualTo("other-address-same-domain");
        assertThat(level("email", "email", "john.smith@acme.com", "john.smith2@acme.com"))
                .isEqualTo("other-address-same-domain");
        assertThat(level("email", "email", "john.smith@gmail.com", "mary.jones@gmail.com")).isEqualTo("different");
        assertThat(level("email", "email", "john.smith@gmail.com", "jsmith@acme.com")).isEqualTo("personal-and-work");
    }

    @Test
    void placeholdersAndRoleMailboxesAreMissing() {
        assertThat(level("companyName", "company-name", "N/A", "n/a")).isEqualTo("missing");
        assertThat(level("email", "email", "info@acme.com", "info@acme.com")).isEqualTo("missing");
        assertThat(level("email", "email", "test@test.com", "test@test.com")).isEqualTo("missing");
    }

    @Test
    void identifierSharedByManyRecordsIsWeak() {
        MatchRecords records = new MatchRecords(Entity.PERSON, List.of("phone"), List.of(), 16);
        for (int i = 0; i < 12; i++) {
            records.add(TestRecords.person("s", "r" + i, "phone", "+14158675309"));
        }
        FieldComparator c = Comparators.create(DedupeRules.ComparisonRule.of("phone", "phone"), records);
        int[] column = records.column(0);
        assertThat(c.levels().get(c.compare(column[0], column[1])).name()).isEqualTo("exact-but-shared-by-many");
    }

    @Test
    void phonesCompareInE164() {
        MatchRecords records = new MatchRecords(Entity.PERSON, List.of("phone"), List.of(), 4);
        records.add(TestRecords.person("s", "1", "phone", "(415) 867-5309", "country", "US"));
        records.add(TestRecords.person("s", "2", "phone", "+1 415 867 5309"));
        FieldComparator c = Comparators.create(DedupeRules.ComparisonRule.of("phone", "phone"), records);
        assertThat(c.compare(records.column(0)[0], records.column(0)[1])).isEqualTo(1);
    }

    @Test
    void plainPhonesTakeTheFastPathToTheSameKey() {
        assertThat(FieldNormalizer.plainPhone("(415) 867-5309", "US")).isEqualTo("+14158675309");
        assertThat(FieldNormalizer.plainPhone("+44 20 7946 0958", null)).isEqualTo("+442079460958");
        assertThat(FieldNormalizer.plainPhone("+44 (0)20 7946 0958", null)).isNull();
        assertThat(FieldNormalizer.plainPhone("020 7946 0958", "GB")).isNull(); // trunk zero: libphonenumber's job
        FieldNormalizer phone = new FieldNormalizer(io.middlemile.model.Entity.PERSON, "phone");
        assertThat(phone.normalize("020 7946 0958", "GB")).isEqualTo("+442079460958");
        assertThat(phone.normalize("1-415-867-5309", "us")).isEqualTo("+14158675309");
    }

    @Test
    void companiesMatchWithoutLegalSuffix() {
        assertThat(level("companyName", "company-name", "Acme Inc.", "ACME, Inc")).isEqualTo("exact");
        assertThat(level("companyName", "company-name", "Acme", "Acme Widgets GmbH")).isEqualTo("close");
        assertThat(level("companyName", "company-name", "Acme", "Globex")).isEqualTo("different");
        assertThat(level("companyName", "company-name", "IBM", "International Business Machines Corp."))
                .isEqualTo("close");
    }

    @Test
    void stringSimilaritiesAreTheTextbookOnes() {
        assertThat(StringSimilarity.jaroWinkler("martha", "marhta")).isCloseTo(0.9611, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(StringSimilarity.editDistance("19560409", "19560490", 2)).isEqualTo(1);
        assertThat(StringSimilarity.editDistance("kitten", "sitting", 5)).isEqualTo(3);
        assertThat(StringSimilarity.editDistance("kitten", "sitting", 1)).isEqualTo(2);
    }
}
