package io.middlemile.connector.salesforce;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The 15- and 18-character forms of one Salesforce Id are one owner; other ids compare as they are. */
class SalesforceIdsTest {

    @Test
    void theEighteenCharacterFormAddsTheCaseOfEachFiveCharactersAsASuffix() {
        // Marketing Cloud's LongSFID example (developer.salesforce.com/docs/marketing/marketing-cloud/guide/longsfid.html)
        assertThat(SalesforceIds.to18("0036000000QKv5T")).isEqualTo("0036000000QKv5TAAT");
        // pairs published with converters (salesforce_id_formatter, sf15to18), each chunk's upper-case letters as bits
        assertThat(SalesforceIds.to18("70130000001tcyI")).isEqualTo("70130000001tcyIAAQ");
        assertThat(SalesforceIds.to18("001550V000WOQZi")).isEqualTo("001550V000WOQZiACP");
        // the suffix alphabet runs on into the digits 0..5 above Z
        assertThat(SalesforceIds.to18("aaAABaaAABaaAAB")).isEqualTo("aaAABaaAABaaAAB222");
        assertThat(SalesforceIds.to18("AAAAAAAAAAAAAAA")).isEqualTo("AAAAAAAAAAAAAAA555");
        assertThat(SalesforceIds.to18("0036000000QKv5TAAT")).isEqualTo("0036000000QKv5TAAT");
        assertThatThrownBy(() -> SalesforceIds.to18("sam@example.com")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneUserIsOneOwnerWhicheverFormEachSideHolds() {
        assertThat(SalesforceIds.same("0036000000QKv5T", "0036000000QKv5TAAT")).isTrue();
        assertThat(SalesforceIds.same("0036000000QKv5TAAT", "0036000000QKv5T")).isTrue();
        assertThat(SalesforceIds.same(" 0036000000QKv5T ", "0036000000QKv5TAAT")).isTrue();
        // an 18-character Id is case-insensitive, also against the 15 characters it came from
        assertThat(SalesforceIds.same("0036000000qkv5taat", "0036000000QKv5TAAT")).isTrue();
        assertThat(SalesforceIds.same("0036000000QKv5T", "0036000000qkv5taat")).isTrue();
        // a 15-character Id is case-sensitive: another case is another record
        assertThat(SalesforceIds.same("0036000000QKv5T", "0036000000QKV5T")).isFalse();
        assertThat(SalesforceIds.same("0036000000QKV5T", "0036000000QKv5TAAT")).isFalse();
        assertThat(SalesforceIds.same("0036000000QKv5T", "0036000000QKv5UAAT")).isFalse();
    }

    @Test
    void idsThatAreNotSalesforcesMustBeEqual() {
        assertThat(SalesforceIds.same("71001", "71001")).isTrue();
        assertThat(SalesforceIds.same("71001", "71002")).isFalse();
        assertThat(SalesforceIds.same("sam@example.com", "SAM@example.com")).isFalse();
        assertThat(SalesforceIds.same(null, "71001")).isFalse();
        assertThat(SalesforceIds.same(null, null)).isTrue();
    }
}
