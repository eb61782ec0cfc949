package io.middlemile.connector.hubspot;

import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 10-second budget a connection paces itself to follows the kind of app its auth type says and, for
 * private apps only, the account tier (https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines):
 * private apps 100 (Free, Starter) or 190 (Professional, Enterprise); OAuth public apps 110 per installing
 * account whatever the tier; an explicit requestsPer10s wins over both.
 */
class HubSpotRequestBudgetTest {

    @TempDir
    Path workspace;

    @ParameterizedTest(name = "{0} app, limits {1} -> {2} per 10 s")
    @CsvSource(delimiter = '|', value = {
            "private | (none)                                  | 100",
            "private | {tier: free}                            | 100",
            "private | {tier: starter}                         | 100",
            "private | {tier: professional}                    | 190",
            "private | {tier: enterprise}                      | 190",
            "private | {tier: starter, requestsPer10s: 250}    | 250",
            "oauth   | (none)                                  | 110",
            "oauth   | {tier: free}                            | 110",
            "oauth   | {tier: starter}                         | 110",
            "oauth   | {tier: professional}                    | 110",
            "oauth   | {tier: enterprise}                      | 110",
            "oauth   | {searchPerSecond: 4}                    | 110",
            "oauth   | {tier: professional, requestsPer10s: 190} | 190",
            "oauth   | {requestsPer10s: 100}                   | 100",
    })
    void theBudgetFollowsTheAuthTypeAndForPrivateAppsTheTier(String app, String limits, int expected) {
        HubSpotWorkspaceFiles.write(workspace, app.equals("oauth") ? HubSpotWorkspaceFiles.OAUTH_AUTH : HubSpotWorkspaceFiles.PRIVATE_APP_AUTH,
                limits.equals("(none)") ? "" : "limits: " + limits + "\n");
        WorkspaceLoader.Result result = HubSpotWorkspaceFiles.load(workspace);
        assertThat(result.errors()).isEmpty();

        HubSpotSettings settings = HubSpotSettings.from(result.workspace().connectors().get("hubspot"));

        assertThat(settings.requestsPer10s()).isEqualTo(expected);
    }
}
