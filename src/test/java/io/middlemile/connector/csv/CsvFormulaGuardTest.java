package io.middlemile.connector.csv;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The CSV-injection rule on its own: what gets a {@code '}, what does not, and that reading undoes it exactly. */
class CsvFormulaGuardTest {

    /** Written independently of the implementation: the numbers a spreadsheet cannot run. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

    @Test
    void prefixesEveryOwaspTriggerAndALeadingQuote() {
        assertThat(CsvFormulaGuard.neutralize("=HYPERLINK(\"https://evil.example\",\"Click\")"))
                .isEqualTo("'=HYPERLINK(\"https://evil.example\",\"Click\")");
        assertThat(CsvFormulaGuard.neutralize("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvFormulaGuard.neutralize("+A1")).isEqualTo("'+A1");
        assertThat(CsvFormulaGuard.neutralize("-2+3")).isEqualTo("'-2+3");
        assertThat(CsvFormulaGuard.neutralize("@SUM(A1:A9)")).isEqualTo("'@SUM(A1:A9)");
        assertThat(CsvFormulaGuard.neutralize("\t=1")).isEqualTo("'\t=1");
        assertThat(CsvFormulaGuard.neutralize("\r=1")).isEqualTo("'\r=1");
        assertThat(CsvFormulaGuard.neutralize("'=1")).isEqualTo("''=1");
        assertThat(CsvFormulaGuard.neutralize("'")).isEqualTo("''");
        assertThat(CsvFormulaGuard.neutralize("'hello")).isEqualTo("''hello");
    }

    @Test
    void leavesPlainNumbersAndOrdinaryTextAsTheyAre() {
        for (String value : new String[] {"+14155550100", "+442079460958", "-12.50", "-0", "42", "3.14", "", "Acme",
                "a=b", " =1", "O'Brien", "1-800-FLOWERS"}) {
            assertThat(CsvFormulaGuard.neutralize(value)).as(value).isEqualTo(value);
        }
        assertThat(CsvFormulaGuard.neutralize(null)).isNull();
    }

    @Test
    void signedValuesThatAreNotPlainNumbersArePrefixed() {
        // "+١٢" has Arabic-Indic digits: only ASCII digits make a plain number
        for (String value : new String[] {"+", "-", "+1 415 555 0100", "-1.", "-.5", "+1e5", "-1,5", "+1+1", "-12.5.1",
                "+١٢"}) {
            assertThat(CsvFormulaGuard.neutralize(value)).as(value).isEqualTo("'" + value);
        }
    }

    @Test
    void restoreRemovesExactlyOneQuoteAndOnlyWhereNeutralizeAddsOne() {
        assertThat(CsvFormulaGuard.restore("'=1")).isEqualTo("=1");
        assertThat(CsvFormulaGuard.restore("''=1")).isEqualTo("'=1");
        assertThat(CsvFormulaGuard.restore("''")).isEqualTo("'");
        assertThat(CsvFormulaGuard.restore("'-2+3")).isEqualTo("-2+3");
        // never written by neutralize, so read as they are
        assertThat(CsvFormulaGuard.restore("'")).isEqualTo("'");
        assertThat(CsvFormulaGuard.restore("'hello")).isEqualTo("'hello");
        assertThat(CsvFormulaGuard.restore("'+14155550100")).isEqualTo("'+14155550100");
        assertThat(CsvFormulaGuard.restore("=1")).isEqualTo("=1");
        assertThat(CsvFormulaGuard.restore("")).isEqualTo("");
        assertThat(CsvFormulaGuard.restore(null)).isNull();
    }

    /**
     * Property: for any string, reading back what was written gives the string itself, and what is
     * written never starts with a formula character unless it is a plain number. The alphabet is
     * biased towards the characters the rule looks at, so every branch is hit thousands of times.
     */
    @Test
    void writeThenReadIsIdentityAndTheWrittenValueIsSafeForRandomStrings() {
        String[] alphabet = {"=", "+", "-", "@", "\t", "\r", "'", "''", "0", "1", "9", ".", "a", "Z", " ", ",", "\"", "\n",
                "é", "中", "😀", "(", ")"};
        Random random = new Random(20_240_611L);
        int prefixed = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(7);
            for (int i = 0; i < length; i++) {
                value.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String original = value.toString();
            String written = CsvFormulaGuard.neutralize(original);

            assertThat(CsvFormulaGuard.restore(written)).as("round trip of %s", escape(original)).isEqualTo(original);
            boolean startsLikeAFormula = !written.isEmpty() && "=+-@\t\r".indexOf(written.charAt(0)) >= 0;
            assertThat(startsLikeAFormula && !PLAIN_NUMBER.matcher(written).matches())
                    .as("%s is written as %s, which a spreadsheet would run", escape(original), escape(written)).isFalse();
            if (!written.equals(original)) {
                prefixed++;
                assertThat(written).isEqualTo("'" + original);
            }
        }
        assertThat(prefixed).as("the generator must exercise the prefix").isGreaterThan(20_000);
    }

    private static String escape(String value) {
        return "\"" + value.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }
}
