package io.middlemile.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Named API tokens from the environment: who a token is, and misconfigurations refused without echoing a token. */
class ApiTokensTest {

    @Test
    void eachTokenNamesItsHolder() {
        ApiTokens tokens = ApiTokens.parse("ana@revops=ana-token-0123456789, nightly-ci=ci-token-01234567890", "single-token-0123456789");

        assertThat(tokens.enabled()).isTrue();
        assertThat(tokens.nameOf("ana-token-0123456789")).contains("ana@revops");
        assertThat(tokens.nameOf("ci-token-01234567890")).contains("nightly-ci");
        assertThat(tokens.nameOf("single-token-0123456789")).contains(ApiTokens.SINGLE_TOKEN_NAME);
        assertThat(tokens.nameOf("ana-token-012345678")).isEmpty();
        assertThat(tokens.nameOf("")).isEmpty();
        assertThat(tokens.toString()).doesNotContain("ana-token");
    }

    @Test
    void readOnlyNamesMustBeTokensAndOnlyThoseAreReadOnly() {
        ApiTokens tokens = ApiTokens.parse("ana@revops=ana-token-0123456789,dashboard=dash-token-0123456789", null, " dashboard ");

        assertThat(tokens.readOnly("dashboard")).isTrue();
        assertThat(tokens.readOnly("ana@revops")).isFalse();
        assertThatThrownBy(() -> ApiTokens.parse("ana@revops=ana-token-0123456789", null, "dashbord"))
                .hasMessageContaining("MIDDLEMILE_API_READ_ONLY names dashbord, which has no token in MIDDLEMILE_API_TOKENS");
    }

    @Test
    void noTokenMeansTheApiIsOff() {
        assertThat(ApiTokens.parse(null, null).enabled()).isFalse();
        assertThat(ApiTokens.parse(" ", "").enabled()).isFalse();
    }

    @Test
    void misconfigurationsAreRefusedWithoutShowingATokenValue() {
        assertThatThrownBy(() -> ApiTokens.parse("ana=short", null)).hasMessageContaining("entry 1 (ana)")
                .hasMessageContaining("shorter than 16").hasMessageNotContaining("short,");
        assertThatThrownBy(() -> ApiTokens.parse("no-equals-sign-secret-0123456789", null)).hasMessageContaining("has no '='")
                .hasMessageNotContaining("secret-0123456789");
        assertThatThrownBy(() -> ApiTokens.parse("ana=token-aaaaaaaaaaaaaaaa,ana=token-bbbbbbbbbbbbbbbb", null))
                .hasMessageContaining("the name ana is given twice");
        assertThatThrownBy(() -> ApiTokens.parse("ana=token-aaaaaaaaaaaaaaaa,bob=token-aaaaaaaaaaaaaaaa", null))
                .hasMessageContaining("ana and bob have the same token").hasMessageNotContaining("token-aaaa");
        assertThatThrownBy(() -> ApiTokens.parse("a b=token-aaaaaaaaaaaaaaaa", null)).hasMessageContaining("the name must be");
    }
}
