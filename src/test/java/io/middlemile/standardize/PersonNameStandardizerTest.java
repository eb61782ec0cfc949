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
            "John Doe, CLU, CFP, LUTC" ¦  ¦ "John Doe CLU CFP LUTC" ¦ "john doe" ¦ FIXED ¦ "first=John;last=Doe;suffix=CLU CFP LUTC"
            "Jane Roe, CFP, XYZA" ¦  ¦ "Jane Roe CFP XYZA" ¦ "jane roe" ¦ FIXED ¦ "first=Jane;last=Roe;suffix=CFP XYZA"
            "John Smith MD, FACS" ¦  ¦ "John Smith MD FACS" ¦ "john smith" ¦ FIXED ¦ "first=John;last=Smith;suffix=MD FACS"
            "John Smith, Ph. D." ¦  ¦ "John Smith PhD" ¦ "john smith" ¦ FIXED ¦ "first=John;last=Smith;suffix=PhD"
            "John Smith Ph. D." ¦  ¦ "John Smith PhD" ¦ "john smith" ¦ FIXED ¦ "first=John;last=Smith;suffix=PhD"
            "Mary Jones, M.D." ¦  ¦ "Mary Jones MD" ¦ "mary jones" ¦ FIXED ¦ "first=Mary;last=Jones;suffix=MD"
            "SMITH, JOHN, PHD" ¦  ¦ "John Smith PhD" ¦ "john smith" ¦ FIXED ¦ "first=John;last=Smith;suffix=PhD"
            "Doe, John A., Jr." ¦  ¦ "John A. Doe Jr." ¦ "john doe" ¦ FIXED ¦ "first=John;last=Doe;middle=A.;suffix=Jr."
            "Smith Jr., Dr. John" ¦  ¦ "John Smith Jr." ¦ "john smith" ¦ FIXED ¦ "first=John;last=Smith;prefix=Dr.;suffix=Jr."
            "Dr. Martin Luther King, Jr., PhD" ¦  ¦ "Martin Luther King Jr. PhD" ¦ "martin king" ¦ FIXED ¦ "first=Martin;last=King;middle=Luther;prefix=Dr.;suffix=Jr. PhD"
            "Juan Velasquez y Garcia" ¦  ¦ "Juan Velasquez y Garcia" ¦ "juan velasquezygarcia" ¦ VALID ¦ "first=Juan;last=Velasquez y Garcia"
            "juan velasquez y garcia" ¦  ¦ "Juan Velasquez y Garcia" ¦ "juan velasquezygarcia" ¦ VALID ¦ "first=Juan;last=Velasquez y Garcia"
            "Artur da Costa e Silva" ¦  ¦ "Artur da Costa e Silva" ¦ "artur dacostaesilva" ¦ VALID ¦ "first=Artur;last=da Costa e Silva"
            "Josep Puig i Cadafalch" ¦  ¦ "Josep Puig i Cadafalch" ¦ "josep puigicadafalch" ¦ VALID ¦ "first=Josep;last=Puig i Cadafalch"
            "John E Smith" ¦  ¦ "John E. Smith" ¦ "john smith" ¦ FIXED ¦ "first=John;last=Smith;middle=E."
            "Benjamin (Ben) Franklin" ¦  ¦ "Benjamin Franklin" ¦ "benjamin franklin" ¦ FIXED ¦ "first=Benjamin;last=Franklin;nickname=Ben"
            "Col. Harland “Sandy” Sanders" ¦  ¦ "Harland Sanders" ¦ "harland sanders" ¦ FIXED ¦ "first=Harland;last=Sanders;nickname=Sandy;prefix=Col."
            "Robert 'Bob' O'Neil" ¦  ¦ "Robert O'Neil" ¦ "robert oneil" ¦ FIXED ¦ "first=Robert;last=O'Neil;nickname=Bob"
            "WILLIAM (BILL) GATES III" ¦  ¦ "William Gates III" ¦ "william gates" ¦ FIXED ¦ "first=William;last=Gates;nickname=Bill;suffix=III"
            "Franklin, Benjamin (Ben)" ¦  ¦ "Benjamin Franklin" ¦ "benjamin franklin" ¦ FIXED ¦ "first=Benjamin;last=Franklin;nickname=Ben"
            "Jane Smith (née Jones)" ¦  ¦ "Jane Smith" ¦ "jane smith" ¦ FIXED ¦ "first=Jane;last=Smith"
            "John Smith (Ret.)" ¦  ¦ "John Smith Ret." ¦ "john smith" ¦ FIXED ¦ "first=John;last=Smith;suffix=Ret."
            "Jill St. John" ¦  ¦ "Jill St. John" ¦ "jill stjohn" ¦ VALID ¦ "first=Jill;last=St. John"
            "JILL ST. JOHN" ¦  ¦ "Jill St. John" ¦ "jill stjohn" ¦ VALID ¦ "first=Jill;last=St. John"
            "Pedro San Martín" ¦  ¦ "Pedro San Martín" ¦ "pedro sanmartin" ¦ VALID ¦ "first=Pedro;last=San Martín"
            "Jean de La Fontaine" ¦  ¦ "Jean de La Fontaine" ¦ "jean delafontaine" ¦ VALID ¦ "first=Jean;last=de La Fontaine"
            "van der Velt, Jan" ¦  ¦ "Jan van der Velt" ¦ "jan vandervelt" ¦ FIXED ¦ "first=Jan;last=van der Velt"
            "Kenneth Clarke QC MP" ¦  ¦ "Kenneth Clarke QC MP" ¦ "kenneth clarke" ¦ VALID ¦ "first=Kenneth;last=Clarke;suffix=QC MP"
            "Lt. Gen. John A. Kenneth Doe IV" ¦  ¦ "John A. Kenneth Doe IV" ¦ "john doe" ¦ FIXED ¦ "first=John;last=Doe;middle=A. Kenneth;prefix=Lt. Gen.;suffix=IV"
            "Rt. Hon. Sir John Major KG CH" ¦  ¦ "John Major KG CH" ¦ "john major" ¦ FIXED ¦ "first=John;last=Major;prefix=Rt. Hon. Sir;suffix=KG CH"
            "Rev. Fr. Thomas Byrne" ¦  ¦ "Thomas Byrne" ¦ "thomas byrne" ¦ FIXED ¦ "first=Thomas;last=Byrne;prefix=Rev. Fr."
            "Jane Doe MA" ¦  ¦ "Jane Doe MA" ¦ "jane doe" ¦ VALID ¦ "first=Jane;last=Doe;suffix=MA"
            "Yo-Yo Ma" ¦  ¦ "Yo-Yo Ma" ¦ "yoyo ma" ¦ VALID ¦ "first=Yo-Yo;last=Ma"
            "YO-YO MA" ¦  ¦ "Yo-Yo Ma" ¦ "yoyo ma" ¦ VALID ¦ "first=Yo-Yo;last=Ma"
            "Ma, Jack" ¦  ¦ "Jack Ma" ¦ "jack ma" ¦ FIXED ¦ "first=Jack;last=Ma"
            "Don Johnson" ¦  ¦ "Don Johnson" ¦ "don johnson" ¦ VALID ¦ "first=Don;last=Johnson"
            "M. Night Shyamalan" ¦  ¦ "M. Night Shyamalan" ¦ "m shyamalan" ¦ VALID ¦ "first=M.;last=Shyamalan;middle=Night"
            "Lt." ¦  ¦  ¦  ¦ INVALID ¦ ""
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
    void nicknameInAnyQuotesIsAPartOfItsOwn() {
        PersonNameStandardizer.NameParts ben =
                new PersonNameStandardizer.NameParts(null, "Benjamin", null, "Franklin", null, "Ben");
        assertThat(PersonNameStandardizer.split("Benjamin (Ben) Franklin")).isEqualTo(ben);
        assertThat(PersonNameStandardizer.split("Benjamin \"Ben\" Franklin")).isEqualTo(ben);
        assertThat(PersonNameStandardizer.split("Benjamin 'Ben' Franklin")).isEqualTo(ben);
        assertThat(PersonNameStandardizer.split("Benjamin ‘Ben’ Franklin")).isEqualTo(ben);
        assertThat(PersonNameStandardizer.split("Benjamin „Ben“ Franklin")).isEqualTo(ben);
        Standardized r = S.apply("Benjamin \"Ben\" Franklin");
        assertThat(r.value()).isEqualTo("Benjamin Franklin");
        assertThat(r.attribute("nickname")).isEqualTo("Ben");
        // the apostrophes of O'Brien and D'Angelo are not quotes
        assertThat(PersonNameStandardizer.split("Sean O'Brien D'Angelo").nickname()).isNull();
    }

    @Test
    void theSamePersonWrittenAnyWayHasOneKey() {
        assertThat(PersonNameStandardizer.nameKey("Doe, John A., Jr."))
                .isEqualTo(PersonNameStandardizer.nameKey("John A. Doe Jr."))
                .isEqualTo(PersonNameStandardizer.nameKey("Mr. John Doe, CLU, CFP, LUTC"))
                .isEqualTo(PersonNameStandardizer.nameKey("Lt. Gen. John Doe IV"))
                .isEqualTo(PersonNameStandardizer.nameKey("John (Johnny) Doe"))
                .isEqualTo(PersonNameStandardizer.nameKey("John Doe, Ph. D."))
                .isEqualTo("john doe");
        assertThat(PersonNameStandardizer.nameKey("Jill St. John")).isEqualTo(PersonNameStandardizer.nameKey("St. John, Jill"));
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
        assertThat(PersonNameStandardizer.properCase("van der Velt")).isEqualTo("van der Velt");
        assertThat(PersonNameStandardizer.properCase("VAN DER VELT")).isEqualTo("Van der Velt");
    }
}
