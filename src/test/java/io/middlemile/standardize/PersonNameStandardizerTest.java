package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonNameStandardizerTest {

    private static final Standardizer S = Standardizers.byName("person-name").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "JOHN MCDONALD" ¦  ¦ "John McDonald" ¦ "john mcdonald" ¦ VALID ¦ "first=John;last=McDonald"
            "o'brien, patrick" ¦  ¦ "Patrick O'Brien" ¦ "patrick obrien" ¦ FIXED ¦ "first=Patrick;last=O'Brien"
            "Smith, John A." ¦  ¦ "John A. Smith" ¦ "john smith" ¦ FIXED ¦ "first=John;last=Smith;middle=A."
            "dr. jane smith-jones phd" ¦  ¦ "Jane Smith-Jones PhD" ¦ "jane smithjones" ¦ FIXED ¦ "first=Jane;last=Smith-Jones;prefix=Dr.;suffix=PhD"
            "Mr John Smith Jr." ¦  ¦ "John Smith Jr." ¦ "john smith" ¦ FIXED ¦ "first=John;last=Smith;prefix=Mr.;suffix=Jr."
            "maria van der berg" ¦  ¦ "Maria van der Berg" ¦ "maria vanderberg" ¦ VALID ¦ "first=Maria;last=van der Berg"
            "Ludwig van Beethoven" ¦  ¦ "Ludwig van Beethoven" ¦ "ludwig vanbeethoven" ¦ VALID ¦ "first=Ludwig;last=van Beethoven"
            "ANGUS MACDONALD III" ¦  ¦ "Angus MacDonald III" ¦ "angus macdonald" ¦ VALID ¦ "first=Angus;last=MacDonald;suffix=III"
            "Jean-Luc Picard" ¦  ¦ "Jean-Luc Picard" ¦ "jeanluc picard" ¦ VALID ¦ "first=Jean-Luc;last=Picard"
            "  josé   garcía  " ¦  ¦ "José García" ¦ "jose garcia" ¦ VALID ¦ "first=José;last=García"
            "DeVito, Danny" ¦  ¦ "Danny DeVito" ¦ "danny devito" ¦ FIXED ¦ "first=Danny;last=DeVito"
            "Martin Luther King, Jr." ¦  ¦ "Martin Luther King Jr." ¦ "martin king" ¦ FIXED ¦ "first=Martin;last=King;middle=Luther;suffix=Jr."
            "Prof. Dr. Hans Müller" ¦  ¦ "Hans Müller" ¦ "hans muller" ¦ FIXED ¦ "first=Hans;last=Müller;prefix=Prof. Dr."
            "cher" ¦  ¦ "Cher" ¦ "cher" ¦ VALID ¦ "first=Cher"
            "J. R. R. Tolkien" ¦  ¦ "J. R. R. Tolkien" ¦ "j tolkien" ¦ VALID ¦ "first=J.;last=Tolkien;middle=R. R."
            "Leonardo da Vinci" ¦  ¦ "Leonardo da Vinci" ¦ "leonardo davinci" ¦ VALID ¦ "first=Leonardo;last=da Vinci"
            "john smith2" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "john@acme.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "🙂🙂" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "Ms. Mary-Kate O'NEIL" ¦  ¦ "Mary-Kate O'Neil" ¦ "marykate oneil" ¦ FIXED ¦ "first=Mary-Kate;last=O'Neil;prefix=Ms."
            "Carlos Machado" ¦  ¦ "Carlos Machado" ¦ "carlos machado" ¦ VALID ¦ "first=Carlos;last=Machado"
            "Björn Ångström" ¦  ¦ "Björn Ångström" ¦ "bjorn angstrom" ¦ VALID ¦ "first=Björn;last=Ångström"
            "LE, VAN" ¦  ¦ "Van Le" ¦ "van le" ¦ FIXED ¦ "first=Van;last=Le"
            "Mary Ann Smith" ¦  ¦ "Mary Ann Smith" ¦ "mary smith" ¦ VALID ¦ "first=Mary;last=Smith;middle=Ann"
            "Robert Downey Jr" ¦  ¦ "Robert Downey Jr." ¦ "robert downey" ¦ FIXED ¦ "first=Robert;last=Downey;suffix=Jr."
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @Test
    void splitsCommaForm() {
        assertThat(PersonNameStandardizer.split("SMITH, JOHN A."))
                .isEqualTo(new PersonNameStandardizer.NameParts(null, "John", "A.", "Smith", null));
        assertThat(PersonNameStandardizer.split("Dr. María José van der Berg-Smith Jr."))
                .isEqualTo(new PersonNameStandardizer.NameParts("Dr.", "María", "José", "van der Berg-Smith", "Jr."));
        assertThat(PersonNameStandardizer.split(null))
                .isEqualTo(new PersonNameStandardizer.NameParts(null, null, null, null, null));
    }

    @Test
    void keysIgnoreAccentsCasePunctuationAndAffixes() {
        assertThat(PersonNameStandardizer.nameKey("JOSÉ GARCÍA"))
                .isEqualTo(PersonNameStandardizer.nameKey("Garcia, Jose"))
                .isEqualTo(PersonNameStandardizer.nameKey("Mr. José García Jr."))
                .isEqualTo("jose garcia");
        assertThat(PersonNameStandardizer.nameKey("Sean O'Brien")).isEqualTo("sean obrien");
    }

    @Test
    void properCaseLeavesDeliberateMixedCaseAlone() {
        assertThat(PersonNameStandardizer.properCase("JEAN-CLAUDE VAN DAMME")).isEqualTo("Jean-Claude van Damme");
        assertThat(PersonNameStandardizer.properCase("LeBron James")).isEqualTo("LeBron James");
        assertThat(PersonNameStandardizer.properCase("mcdonald")).isEqualTo("McDonald");
    }
}
