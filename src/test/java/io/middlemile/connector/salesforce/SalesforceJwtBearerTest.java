package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OAuth 2.0 JWT bearer flow against the emulator's token endpoint, which checks signature, iss, sub, aud and exp. */
class SalesforceJwtBearerTest {

    private static final String USER = "integration@acme.com";
    private static final KeyPair KEY = rsa();
    private static final KeyPair OTHER_KEY = rsa();

    private final SalesforceEmulator emulator = SalesforceTestSupport.emulator();

    SalesforceJwtBearerTest() {
        emulator.jwtBearer().trust(KEY.getPublic()).approve(USER);
    }

    @AfterEach
    void stop() {
        emulator.stop();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private ConnectorConfig config(String tokenUrl) {
        ConnectorConfig base = SalesforceTestSupport.config(emulator.baseUrl());
        return new ConnectorConfig(base.id(), base.type(), base.description(), null, base.baseUrl(),
                new AuthConfig("jwt-bearer", null, null, "${SF_CLIENT_ID}", null, null, "${SF_JWT_KEY}", USER, tokenUrl), base.objects(), null);
    }

    private SalesforceConnector connector(String key) {
        return new SalesforceConnector("salesforce-test", config(null), Map.of("SF_CLIENT_ID", SalesforceTestSupport.CLIENT_ID, "SF_JWT_KEY", key),
                SalesforceTestSupport.settings(emulator));
    }

    @Test
    void signsAnAssertionTheTokenEndpointAcceptsAndRefreshesAfter401() {
        SalesforceTestSupport.seedContacts(emulator, 3, 0);
        SalesforceConnector connector = connector(pem(KEY));
        assertThat(connector.readChanges("Contact", Cursor.START, 10).records()).hasSize(3);
        assertThat(connector.tokenRequests()).isEqualTo(1);

        emulator.expireSessions();
        assertThat(connector.readChanges("Contact", Cursor.START, 10).records()).hasSize(3);
        assertThat(connector.tokenRequests()).as("a new assertion after 401 INVALID_SESSION_ID").isEqualTo(2);
        assertThat(emulator.tokenRequests()).isEqualTo(2);
    }

    @Test
    void aKeyEscapedOnOneLineIsReadToo() {
        SalesforceConnector connector = connector(pem(KEY).replace("\n", "\\n"));
        assertThat(connector.check().healthy()).as(connector.check().message()).isTrue();
    }

    @Test
    void theWrongKeyIsRefusedWithWhatToCheckAndNoKeyMaterial() {
        String other = pem(OTHER_KEY);
        SalesforceConnector connector = connector(other);
        assertThatThrownBy(() -> connector.readChanges("Contact", Cursor.START, 10))
                .isInstanceOf(ConnectorException.class)
                .satisfies(e -> assertThat(((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.AUTH))
                .hasMessageContaining("salesforce-test")
                .hasMessageContaining("invalid assertion")
                .hasMessageContaining("SF_JWT_KEY")
                .hasMessageNotContaining(other.substring(30, 90));
        assertThat(connector.toString()).doesNotContain("BEGIN");
    }

    @Test
    void anExpiredAssertionIsRefusedAndTheMessagePointsAtTheClock() {
        SalesforceAuth.JwtBearer auth = new SalesforceAuth.JwtBearer("salesforce-test", SalesforceTestSupport.CLIENT_ID, USER,
                SalesforceAuth.JwtBearer.privateKey("salesforce-test", "SF_JWT_KEY", pem(KEY)), "SF_JWT_KEY",
                emulator.baseUrl() + "/services/oauth2/token", "https://login.salesforce.com", emulator.baseUrl(), HttpClient.newHttpClient(),
                Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC));
        assertThatThrownBy(auth::accessToken)
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("expired authorization code")
                .hasMessageContaining("clock");
    }

    @Test
    void anUnapprovedUserAndAWrongAudienceAreNamed() {
        SalesforceConnector sandbox = new SalesforceConnector("salesforce-test", config("https://test.salesforce.com/services/oauth2/token"),
                Map.of("SF_CLIENT_ID", SalesforceTestSupport.CLIENT_ID, "SF_JWT_KEY", pem(KEY)), SalesforceTestSupport.settings(emulator));
        // The token request goes to tokenUrl (not the emulator), so only the audience rule is checked here.
        assertThat(SalesforceAuth.JwtBearer.audience("https://test.salesforce.com/services/oauth2/token", emulator.baseUrl()))
                .isEqualTo("https://test.salesforce.com");
        assertThat(SalesforceAuth.JwtBearer.audience(null, "https://acme--uat.sandbox.my.salesforce.com")).isEqualTo("https://test.salesforce.com");
        assertThat(SalesforceAuth.JwtBearer.audience(null, "https://acme.my.salesforce.com")).isEqualTo("https://login.salesforce.com");
        assertThat(sandbox.toString()).doesNotContain("PRIVATE");

        emulator.jwtBearer().audience("https://test.salesforce.com");
        assertThatThrownBy(() -> connector(pem(KEY)).readChanges("Contact", Cursor.START, 10))
                .hasMessageContaining("audience is invalid").hasMessageContaining("tokenUrl");
        emulator.jwtBearer().audience("https://login.salesforce.com");

        SalesforceConnector stranger = new SalesforceConnector("salesforce-test", new ConnectorConfig("salesforce-test", "salesforce", null, null,
                emulator.baseUrl(), new AuthConfig("jwt-bearer", null, null, "${SF_CLIENT_ID}", null, null, "${SF_JWT_KEY}", "someone@acme.com", null),
                SalesforceTestSupport.config(emulator.baseUrl()).objects(), null),
                Map.of("SF_CLIENT_ID", SalesforceTestSupport.CLIENT_ID, "SF_JWT_KEY", pem(KEY)), SalesforceTestSupport.settings(emulator));
        assertThatThrownBy(() -> stranger.readChanges("Contact", Cursor.START, 10))
                .hasMessageContaining("user hasn't approved this consumer").hasMessageContaining("pre-authorized");
    }

    @Test
    void aKeyInTheWrongFormatIsRefusedBeforeAnyCall() {
        String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAsecretsecret\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> connector(pkcs1))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("salesforce-test").hasMessageContaining("SF_JWT_KEY").hasMessageContaining("openssl pkcs8")
                .hasMessageNotContaining("secretsecret");
        assertThatThrownBy(() -> connector("-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----"))
                .hasMessageContaining("cannot be read as a PKCS#8 RSA key").hasMessageNotContaining("not base64");
        assertThat(emulator.tokenRequests()).isZero();
    }
}
