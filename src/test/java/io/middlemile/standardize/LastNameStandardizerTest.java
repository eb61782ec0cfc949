package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LastNameStandardizerTest {

    private static final Standardizer S = Standardizers.byName("last-name").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "MCDONALD" ¦  ¦ "McDonald" ¦ "mcdonald" ¦ VALID ¦ "last=McDonald"
            "smith jr." ¦  ¦ "Smith Jr." ¦ "smith" ¦ VALID ¦ "last=Smith;suffix=Jr."
            "van der Berg" ¦  ¦ "van der Berg" ¦ "vanderberg" ¦ VALID ¦ "last=van der Berg"
            "O'BRIEN" ¦  ¦ "O'Brien" ¦ "obrien" ¦ VALID ¦ "last=O'Brien"
            "macdonald" ¦  ¦ "MacDonald" ¦ "macdonald" ¦ VALID ¦ "last=MacDonald"
            "MACHADO" ¦  ¦ "Machado" ¦ "machado" ¦ VALID ¦ "last=Machado"
            "smith-jones" ¦  ¦ "Smith-Jones" ¦ "smithjones" ¦ VALID ¦ "last=Smith-Jones"
            "Müller" ¦  ¦ "Müller" ¦ "muller" ¦ VALID ¦ "last=Müller"
            "GARCÍA MÁRQUEZ" ¦  ¦ "García Márquez" ¦ "garciamarquez" ¦ VALID ¦ "last=García Márquez"
            "DeVito" ¦  ¦ "DeVito" ¦ "devito" ¦ VALID ¦ "last=DeVito"
            "de la cruz" ¦  ¦ "De la Cruz" ¦ "delacruz" ¦ VALID ¦ "last=De la Cruz"
            "  lee  " ¦  ¦ "Lee" ¦ "lee" ¦ VALID ¦ "last=Lee"
            "Smith, III" ¦  ¦ "Smith III" ¦ "smith" ¦ FIXED ¦ "last=Smith;suffix=III"
            "d'angelo" ¦  ¦ "D'Angelo" ¦ "dangelo" ¦ VALID ¦ "last=D'Angelo"
            "McKinsey" ¦  ¦ "McKinsey" ¦ "mckinsey" ¦ VALID ¦ "last=McKinsey"
            "O’CONNOR" ¦  ¦ "O’Connor" ¦ "oconnor" ¦ VALID ¦ "last=O’Connor"
            "ng" ¦  ¦ "Ng" ¦ "ng" ¦ VALID ¦ "last=Ng"
            "Nguyễn" ¦  ¦ "Nguyễn" ¦ "nguyen" ¦ VALID ¦ "last=Nguyễn"
            "van" ¦  ¦ "Van" ¦ "van" ¦ VALID ¦ "last=Van"
            "Smith2" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "@@" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "ST. JAMES" ¦  ¦ "St. James" ¦ "stjames" ¦ VALID ¦ "last=St. James"
            "Da Silva" ¦  ¦ "Da Silva" ¦ "dasilva" ¦ VALID ¦ "last=Da Silva"
            "mackenzie" ¦  ¦ "MacKenzie" ¦ "mackenzie" ¦ VALID ¦ "last=MacKenzie"
            "Ørsted" ¦  ¦ "Ørsted" ¦ "orsted" ¦ VALID ¦ "last=Ørsted"
            "van der Velt" ¦  ¦ "van der Velt" ¦ "vandervelt" ¦ VALID ¦ "last=van der Velt"
            "VAN DER VELT" ¦  ¦ "Van der Velt" ¦ "vandervelt" ¦ VALID ¦ "last=Van der Velt"
            "de la Cruz" ¦  ¦ "de la Cruz" ¦ "delacruz" ¦ VALID ¦ "last=de la Cruz"
            "von Trapp" ¦  ¦ "von Trapp" ¦ "vontrapp" ¦ VALID ¦ "last=von Trapp"
            "Van Halen" ¦  ¦ "Van Halen" ¦ "vanhalen" ¦ VALID ¦ "last=Van Halen"
            "St. John" ¦  ¦ "St. John" ¦ "stjohn" ¦ VALID ¦ "last=St. John"
            "Velasquez y Garcia" ¦  ¦ "Velasquez y Garcia" ¦ "velasquezygarcia" ¦ VALID ¦ "last=Velasquez y Garcia"
            "Smith, Ph.D." ¦  ¦ "Smith PhD" ¦ "smith" ¦ FIXED ¦ "last=Smith;suffix=PhD"
            "Clarke QC MP" ¦  ¦ "Clarke QC MP" ¦ "clarke" ¦ VALID ¦ "last=Clarke;suffix=QC MP"
            "Ma" ¦  ¦ "Ma" ¦ "ma" ¦ VALID ¦ "last=Ma"
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @Test
    void lastNameKeyIsAccentAndPunctuationInsensitive() {
        assertThat(PersonNameStandardizer.lastNameKey("Müller-Lüdenscheidt"))
                .isEqualTo(PersonNameStandardizer.lastNameKey("MULLER LUDENSCHEIDT"))
                .isEqualTo("mullerludenscheidt");
        assertThat(PersonNameStandardizer.lastNameKey("...")).isNull();
    }
}
