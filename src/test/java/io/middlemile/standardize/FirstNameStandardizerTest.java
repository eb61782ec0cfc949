package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirstNameStandardizerTest {

    private static final Standardizer S = Standardizers.byName("first-name").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "BOB" ¦  ¦ "Bob" ¦ "robert" ¦ VALID ¦ "first=Bob"
            "Dr. Liz" ¦  ¦ "Liz" ¦ "elizabeth" ¦ FIXED ¦ "first=Liz;prefix=Dr."
            "john a." ¦  ¦ "John A." ¦ "giovanni|jack|johannes|john" ¦ VALID ¦ "first=John;middle=A."
            "José María" ¦  ¦ "José María" ¦ "jose maria" ¦ VALID ¦ "first=José;middle=María"
            "chris" ¦  ¦ "Chris" ¦ "christian|christina|christine|christopher" ¦ VALID ¦ "first=Chris"
            "Christopher" ¦  ¦ "Christopher" ¦ "christoph|christopher" ¦ VALID ¦ "first=Christopher"
            "PEGGY" ¦  ¦ "Peggy" ¦ "margaret" ¦ VALID ¦ "first=Peggy"
            "bill" ¦  ¦ "Bill" ¦ "william" ¦ VALID ¦ "first=Bill"
            "Raj" ¦  ¦ "Raj" ¦ "rajendra|rajesh|rajiv" ¦ VALID ¦ "first=Raj"
            "jim" ¦  ¦ "Jim" ¦ "james" ¦ VALID ¦ "first=Jim"
            "Kate" ¦  ¦ "Kate" ¦ "katherine|katrina" ¦ VALID ¦ "first=Kate"
            "Alex" ¦  ¦ "Alex" ¦ "alejandro|alexander|alexandra|alexis" ¦ VALID ¦ "first=Alex"
            "hans" ¦  ¦ "Hans" ¦ "johannes|john" ¦ VALID ¦ "first=Hans"
            "Pepe" ¦  ¦ "Pepe" ¦ "jose|joseph" ¦ VALID ¦ "first=Pepe"
            "paco" ¦  ¦ "Paco" ¦ "francis|francisco" ¦ VALID ¦ "first=Paco"
            "  mary-kate  " ¦  ¦ "Mary-Kate" ¦ "marian|mary" ¦ VALID ¦ "first=Mary-Kate"
            "Zbigniew" ¦  ¦ "Zbigniew" ¦ "zbigniew" ¦ VALID ¦ "first=Zbigniew"
            "ÉLODIE" ¦  ¦ "Élodie" ¦ "elodie" ¦ VALID ¦ "first=Élodie"
            "o'neil" ¦  ¦ "O'Neil" ¦ "oneil" ¦ VALID ¦ "first=O'Neil"
            "Mr." ¦  ¦  ¦  ¦ INVALID ¦ ""
            "J." ¦  ¦ "J." ¦ "j" ¦ VALID ¦ "first=J."
            "Liz2" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "🙂" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "Mrs. Peggy Sue" ¦  ¦ "Peggy Sue" ¦ "margaret" ¦ FIXED ¦ "first=Peggy;middle=Sue;prefix=Mrs."
            "Venky" ¦  ¦ "Venky" ¦ "venkataraman|venkatesh" ¦ VALID ¦ "first=Venky"
            "Bobby" ¦  ¦ "Bobby" ¦ "robert" ¦ VALID ¦ "first=Bobby"
            "Benjamin (Ben)" ¦  ¦ "Benjamin" ¦ "benjamin" ¦ FIXED ¦ "first=Benjamin;nickname=Ben"
            "Robert “Skip”" ¦  ¦ "Robert" ¦ "robert" ¦ FIXED ¦ "first=Robert;nickname=Skip"
            "(Liz)" ¦  ¦ "Liz" ¦ "elizabeth" ¦ FIXED ¦ "first=Liz"
            "Lt. Gen. John" ¦  ¦ "John" ¦ "giovanni|jack|johannes|john" ¦ FIXED ¦ "first=John;prefix=Lt. Gen."
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(textBlock = """
            Bob, Robert, true
            Bobby, Rob, true
            Liz, Elizabeth, true
            Beth, Elisabeth, true
            Raj, Rajesh, true
            Bill, William, true
            Peggy, Margaret, true
            Jim, James, true
            Kate, Katherine, true
            Kate, Catherine, true
            Alex, Alexander, true
            Alex, Alexandra, true
            Chris, Christopher, true
            Chris, Christina, true
            Chris, Christian, true
            Christopher, Christina, false
            Hans, Johannes, true
            Hans, John, true
            Pepe, José, true
            Paco, Francisco, true
            Peggy, Robert, false
            John, Mary, false
            Zbigniew, zbigniew, true
            Zbigniew, Zoe, false
            Élodie, Elodie, true
            """)
    void sameFirstName(String a, String b, boolean same) {
        assertThat(PersonNameStandardizer.sameFirstName(a, b)).isEqualTo(same);
        assertThat(PersonNameStandardizer.sameFirstName(b, a)).isEqualTo(same);
    }

    @Test
    void ambiguousNicknameKeyListsEveryCandidate() {
        assertThat(PersonNameStandardizer.firstNameGroups("Chris"))
                .containsExactly("christian", "christina", "christine", "christopher");
        assertThat(PersonNameStandardizer.firstNameKey("  ")).isNull();
        assertThat(PersonNameStandardizer.sameFirstName(null, "Bob")).isFalse();
    }

    @Test
    void bundledTableHasAtLeast300Groups() throws Exception {
        try (var in = getClass().getResourceAsStream("/standardize/nicknames.csv")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            long groups = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
            assertThat(groups).isGreaterThanOrEqualTo(300);
            assertThat(text).contains("Apache-2.0");
        }
    }
}
