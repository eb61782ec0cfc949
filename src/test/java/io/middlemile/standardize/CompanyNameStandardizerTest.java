package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompanyNameStandardizerTest {

    private static final Standardizer S = Standardizers.byName("company-name").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "ACME WIDGETS INC" ¦  ¦ "Acme Widgets Inc" ¦ "acmewidgets" ¦ VALID ¦ "legalForm=inc"
            "IBM" ¦  ¦ "IBM" ¦ "ibm" ¦ VALID ¦ ""
            "SAP SE" ¦  ¦ "SAP SE" ¦ "sap" ¦ VALID ¦ "legalForm=se"
            "Acme, Inc." ¦  ¦ "Acme, Inc." ¦ "acme" ¦ VALID ¦ "legalForm=inc"
            "The Acme Company" ¦  ¦ "The Acme Company" ¦ "acme" ¦ VALID ¦ "legalForm=company"
            "Johnson & Johnson" ¦  ¦ "Johnson & Johnson" ¦ "johnsonjohnson" ¦ VALID ¦ ""
            "Johnson and Johnson" ¦  ¦ "Johnson and Johnson" ¦ "johnsonjohnson" ¦ VALID ¦ ""
            "Siemens AG" ¦  ¦ "Siemens AG" ¦ "siemens" ¦ VALID ¦ "legalForm=ag"
            "Müller GmbH & Co. KG" ¦  ¦ "Müller GmbH & Co. KG" ¦ "muller" ¦ VALID ¦ "legalForm=gmbh co kg"
            "Nestlé S.A." ¦  ¦ "Nestlé S.A." ¦ "nestle" ¦ VALID ¦ "legalForm=sa"
            "Acme Pty Ltd" ¦  ¦ "Acme Pty Ltd" ¦ "acme" ¦ VALID ¦ "legalForm=pty ltd"
            "Tata Consultancy Services Pvt. Ltd." ¦  ¦ "Tata Consultancy Services Pvt. Ltd." ¦ "tataconsultancyservices" ¦ VALID ¦ "legalForm=pvt ltd"
            "PT Bank Central Asia Tbk" ¦  ¦ "PT Bank Central Asia Tbk" ¦ "bankcentralasia" ¦ VALID ¦ "legalForm=pt tbk"
            "Foo B.V." ¦  ¦ "Foo B.V." ¦ "foo" ¦ VALID ¦ "legalForm=bv"
            "  Acme    Widgets  L.L.C. " ¦  ¦ "Acme Widgets L.L.C." ¦ "acmewidgets" ¦ VALID ¦ "legalForm=llc"
            "AT&T" ¦  ¦ "AT&T" ¦ "att" ¦ VALID ¦ ""
            "AT and T Inc" ¦  ¦ "AT and T Inc" ¦ "att" ¦ VALID ¦ "legalForm=inc"
            "Inc." ¦  ¦ "Inc." ¦ "inc" ¦ VALID ¦ ""
            "Petronas Sdn Bhd" ¦  ¦ "Petronas Sdn Bhd" ¦ "petronas" ¦ VALID ¦ "legalForm=sdn bhd"
            "ACME" ¦  ¦ "ACME" ¦ "acme" ¦ VALID ¦ ""
            "Fiat S.p.A." ¦  ¦ "Fiat S.p.A." ¦ "fiat" ¦ VALID ¦ "legalForm=spa"
            "Spotify AB" ¦  ¦ "Spotify AB" ¦ "spotify" ¦ VALID ¦ "legalForm=ab"
            "Nokia Oyj" ¦  ¦ "Nokia Oyj" ¦ "nokia" ¦ VALID ¦ "legalForm=oyj"
            "!!!" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "H&M Hennes & Mauritz AB" ¦  ¦ "H&M Hennes & Mauritz AB" ¦ "hmhennesmauritz" ¦ VALID ¦ "legalForm=ab"
            "Toyota K.K." ¦  ¦ "Toyota K.K." ¦ "toyota" ¦ VALID ¦ "legalForm=kk"
            "GENERAL ELECTRIC CO" ¦  ¦ "General Electric Co" ¦ "generalelectric" ¦ VALID ¦ "legalForm=co"
            "Ernst & Young LLP" ¦  ¦ "Ernst & Young LLP" ¦ "ernstyoung" ¦ VALID ¦ "legalForm=llp"
            "eBay Inc." ¦  ¦ "eBay Inc." ¦ "ebay" ¦ VALID ¦ "legalForm=inc"
            "Orlen Serwis spółka z o.o." ¦  ¦ "Orlen Serwis spółka z o.o." ¦ "orlenserwis" ¦ VALID ¦ "legalForm=spolka z oo"
            "Kowalski Sp. z o.o." ¦  ¦ "Kowalski Sp. z o.o." ¦ "kowalski" ¦ VALID ¦ "legalForm=sp z oo"
            "Kowalski sp.z o.o." ¦  ¦ "Kowalski sp.z o.o." ¦ "kowalski" ¦ VALID ¦ "legalForm=spz oo"
            "Kowalski Sp. z o. o." ¦  ¦ "Kowalski Sp. z o. o." ¦ "kowalski" ¦ VALID ¦ "legalForm=sp zoo"
            "Bank Pekao Spółka Akcyjna" ¦  ¦ "Bank Pekao Spółka Akcyjna" ¦ "bankpekao" ¦ VALID ¦ "legalForm=spolka akcyjna"
            "Nowak i Syn sp.j." ¦  ¦ "Nowak i Syn sp.j." ¦ "nowakisyn" ¦ VALID ¦ "legalForm=spj"
            "Nowak Spółka Jawna" ¦  ¦ "Nowak Spółka Jawna" ¦ "nowak" ¦ VALID ¦ "legalForm=spolka jawna"
            "Wiśniewski sp.k." ¦  ¦ "Wiśniewski sp.k." ¦ "wisniewski" ¦ VALID ¦ "legalForm=spk"
            "Wiśniewski spółka komandytowo-akcyjna" ¦  ¦ "Wiśniewski spółka komandytowo-akcyjna" ¦ "wisniewski" ¦ VALID ¦ "legalForm=spolka komandytowo akcyjna"
            "Start Prosta Spółka Akcyjna" ¦  ¦ "Start Prosta Spółka Akcyjna" ¦ "start" ¦ VALID ¦ "legalForm=prosta spolka akcyjna"
            "Müller Gesellschaft mit beschränkter Haftung" ¦  ¦ "Müller Gesellschaft mit beschränkter Haftung" ¦ "muller" ¦ VALID ¦ "legalForm=gesellschaft mit beschrankter haftung"
            "Bosch Aktiengesellschaft" ¦  ¦ "Bosch Aktiengesellschaft" ¦ "bosch" ¦ VALID ¦ "legalForm=aktiengesellschaft"
            "Dupont Société Anonyme" ¦  ¦ "Dupont Société Anonyme" ¦ "dupont" ¦ VALID ¦ "legalForm=societe anonyme"
            "Martin société à responsabilité limitée" ¦  ¦ "Martin société à responsabilité limitée" ¦ "martin" ¦ VALID ¦ "legalForm=societe a responsabilite limitee"
            "Telefónica Sociedad Anónima" ¦  ¦ "Telefónica Sociedad Anónima" ¦ "telefonica" ¦ VALID ¦ "legalForm=sociedad anonima"
            "Bimbo S.A. de C.V." ¦  ¦ "Bimbo S.A. de C.V." ¦ "bimbo" ¦ VALID ¦ "legalForm=sa de cv"
            "Rossi Società per Azioni" ¦  ¦ "Rossi Società per Azioni" ¦ "rossi" ¦ VALID ¦ "legalForm=societa per azioni"
            "Jansen Besloten Vennootschap" ¦  ¦ "Jansen Besloten Vennootschap" ¦ "jansen" ¦ VALID ¦ "legalForm=besloten vennootschap"
            "Škoda společnost s ručením omezeným" ¦  ¦ "Škoda společnost s ručením omezeným" ¦ "skoda" ¦ VALID ¦ "legalForm=spolecnost s rucenim omezenym"
            "Acme Limited Liability Company" ¦  ¦ "Acme Limited Liability Company" ¦ "acme" ¦ VALID ¦ "legalForm=limited liability company"
            "Acme Holdings Public Limited Company" ¦  ¦ "Acme Holdings Public Limited Company" ¦ "acmeholdings" ¦ VALID ¦ "legalForm=public limited company"
            "Volvo Aktiebolag" ¦  ¦ "Volvo Aktiebolag" ¦ "volvo" ¦ VALID ¦ "legalForm=aktiebolag"
            "Spółka Akcyjna" ¦  ¦ "Spółka Akcyjna" ¦ "spolkaakcyjna" ¦ VALID ¦ ""
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @Test
    void legalFormsAndConnectorsDoNotSplitCompanies() {
        assertThat(CompanyNameStandardizer.key("Acme, Inc."))
                .isEqualTo(CompanyNameStandardizer.key("ACME INCORPORATED"))
                .isEqualTo(CompanyNameStandardizer.key("The Acme Company"))
                .isEqualTo(CompanyNameStandardizer.key("acme l.l.c."))
                .isEqualTo(CompanyNameStandardizer.key("Acme Corp."))
                .isEqualTo("acme");
        assertThat(CompanyNameStandardizer.key("Nestlé S.A.")).isEqualTo(CompanyNameStandardizer.key("NESTLE SA"));
        assertThat(CompanyNameStandardizer.key("Procter & Gamble Co."))
                .isEqualTo(CompanyNameStandardizer.key("Procter and Gamble"))
                .isEqualTo(CompanyNameStandardizer.key("Procter + Gamble"));
        assertThat(CompanyNameStandardizer.key("Acme Widgets")).isNotEqualTo(CompanyNameStandardizer.key("Acme"));
        assertThat(CompanyNameStandardizer.key("Kowalski spółka z ograniczoną odpowiedzialnością"))
                .isEqualTo(CompanyNameStandardizer.key("KOWALSKI SP. Z O.O."))
                .isEqualTo(CompanyNameStandardizer.key("Kowalski Sp. z o. o."))
                .isEqualTo(CompanyNameStandardizer.key("Kowalski spółka z o.o."))
                .isEqualTo("kowalski");
        assertThat(CompanyNameStandardizer.key("Müller GmbH"))
                .isEqualTo(CompanyNameStandardizer.key("Müller Gesellschaft mit beschränkter Haftung"));
    }

    @Test
    void displayKeepsAcronymsAndMixedCase() {
        assertThat(CompanyNameStandardizer.display("IBM")).isEqualTo("IBM");
        assertThat(CompanyNameStandardizer.display("SAP SE")).isEqualTo("SAP SE");
        assertThat(CompanyNameStandardizer.display("MÜLLER GMBH")).isEqualTo("Müller GmbH");
        assertThat(CompanyNameStandardizer.display("BMW GROUP")).isEqualTo("BMW Group");
        assertThat(CompanyNameStandardizer.display("McKinsey & Company")).isEqualTo("McKinsey & Company");
    }
}
