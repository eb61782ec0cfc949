package io.middlemile.connector.salesforce;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** IN lookups are cut by the size of their encoded URI, not by a count alone; every value is asked for exactly once. */
class SoqlInLookupTest {

    private static final String PREFIX = "/services/data/v60.0/query?q=";
    private final SoqlInLookup lookup = new SoqlInLookup(PREFIX, "SELECT Id, Name FROM Account WHERE Name IN ", " ORDER BY Id");

    /** 200 distinct Japanese company names of 16 to 19 characters (9 bytes each once percent-encoded). */
    static List<String> japaneseNames(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("株式会社日本橋グローバル商事" + "東西南北".substring(0, i % 4) + "第" + i + "支店");
        }
        return names;
    }

    private static int actualUriBytes(String soql) {
        return PREFIX.length() + URLEncoder.encode(soql, StandardCharsets.UTF_8).length();
    }

    @Test
    void twoHundredJapaneseNamesGoOutInSeveralQueriesEachWithinTheLimit() {
        List<String> names = japaneseNames(200);
        assertThat(actualUriBytes(lookup.soql(names))).as("one query for all of them, as before").isGreaterThan(26_000);

        SoqlInLookup.Split split = lookup.split(names);

        assertThat(split.tooLong()).isEmpty();
        assertThat(split.batches()).hasSizeGreaterThan(2);
        assertThat(split.batches().stream().flatMap(List::stream).toList()).as("each value once, in order").containsExactlyElementsOf(names);
        for (List<String> batch : split.batches()) {
            int bytes = actualUriBytes(lookup.soql(batch));
            assertThat(bytes).isEqualTo(lookup.uriBytes(batch)).isLessThanOrEqualTo(SoqlInLookup.MAX_URI_BYTES);
        }
        // greedy: a query holds as many values as fit, so the next value would not have fitted
        for (int b = 0; b < split.batches().size() - 1; b++) {
            List<String> withNext = new ArrayList<>(split.batches().get(b));
            withNext.add(split.batches().get(b + 1).get(0));
            assertThat(actualUriBytes(lookup.soql(withNext))).isGreaterThan(SoqlInLookup.MAX_URI_BYTES);
        }
    }

    @Test
    void twoHundredRecordIdsStillFitOneQueryAndMoreThan200ShortValuesAreCutAt200() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(String.format("001Dn%010dAAA", i));
        }
        assertThat(lookup.split(ids).batches()).singleElement().asList().hasSize(200);

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            many.add("v" + i);
        }
        assertThat(lookup.split(many).batches()).extracting(List::size).containsExactly(200, 200, 50);
    }

    @Test
    void aValueTooLongEvenAloneIsSetAsideAndTheOthersAreStillLookedUp() {
        String huge = "長".repeat(1_000);
        List<String> values = List.of("Acme", huge, "Globex");

        SoqlInLookup.Split split = lookup.split(values);

        assertThat(split.tooLong()).containsExactly(huge);
        assertThat(split.batches()).containsExactly(List.of("Acme", "Globex"));
        assertThat(lookup.uriBytes(List.of(huge))).isGreaterThan(SoqlInLookup.MAX_URI_BYTES);
        assertThat(lookup.nothingFits()).isFalse();
    }

    @Test
    void escapingCountsTowardsTheSize() {
        // a quote becomes \' and then %5C%27: the estimate must use the escaped, encoded literal
        List<String> quoted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            quoted.add("O'Brien & Söhne \\ " + "'".repeat(40) + i);
        }
        for (List<String> batch : lookup.split(quoted).batches()) {
            assertThat(actualUriBytes(lookup.soql(batch))).isEqualTo(lookup.uriBytes(batch)).isLessThanOrEqualTo(SoqlInLookup.MAX_URI_BYTES);
        }
    }

    @Test
    void aSelectListTooLongForAnyValueIsReportedAsSuch() {
        SoqlInLookup wide = new SoqlInLookup(PREFIX, "SELECT " + "Some_Long_Custom_Field_Name__c, ".repeat(300) + "Id FROM Account WHERE Id IN ", "");
        assertThat(wide.nothingFits()).isTrue();
        assertThat(wide.split(List.of("001Dn0000000001AAA")).tooLong()).containsExactly("001Dn0000000001AAA");
    }
}
