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
    void anAgentsTokenIsNamedAgentColonNameAndReachesOnlyTheGateway() {
        ApiTokens tokens = ApiTokens.parse("ana@revops=ana-token-0123456789,agent:hygiene-bot=bot-token-0123456789", null);

        assertThat(tokens.nameOf("bot-token-0123456789")).contains("agent:hygiene-bot");
        assertThat(ApiTokens.agent("agent:hygiene-bot")).isTrue();
        assertThat(ApiTokens.agent("ana@revops")).isFalse();
        assertThat(Callers.of("agent:hygiene-bot", tokens).getAuthorities()).extracting(Object::toString).containsExactly("ROLE_AGENT");
        assertThat(Callers.operator(Callers.of("agent:hygiene-bot", tokens))).isFalse();
        assertThat(Callers.agent(Callers.of("ana@revops", tokens))).isFalse();
        assertThatThrownBy(() -> ApiTokens.parse("robot:x=bot-token-0123456789", null))
                .hasMessageContaining("for an AI agent after agent: (agent:hygiene-bot)").hasMessageNotContaining("bot-token");
        assertThatThrownBy(() -> ApiTokens.parse("agent:x=bot-token-0123456789", null, "agent:x"))
                .hasMessageContaining("an agent's token");
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
