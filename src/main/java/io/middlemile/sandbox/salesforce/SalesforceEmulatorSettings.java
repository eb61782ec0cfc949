package io.middlemile.sandbox.salesforce;

/**
 * How the emulated org behaves.
 *
 * @param clientId       the connected app's consumer key accepted by the token endpoint
 * @param clientSecret   its consumer secret
 * @param dailyApiLimit  the org's daily API request allocation (Enterprise orgs start at 100,000)
 * @param queryBatchSize records per query batch before nextRecordsUrl (2,000 like the API; lower it in tests)
 * @param apiVersion     the REST API version served, e.g. v60.0
 */
public record SalesforceEmulatorSettings(String clientId, String clientSecret, long dailyApiLimit, int queryBatchSize, String apiVersion) {

    public static SalesforceEmulatorSettings defaults(String clientId, String clientSecret) {
        return new SalesforceEmulatorSettings(clientId, clientSecret, 100_000, 2000, "v60.0");
    }

    public SalesforceEmulatorSettings withDailyApiLimit(long value) {
        return new SalesforceEmulatorSettings(clientId, clientSecret, value, queryBatchSize, apiVersion);
    }

    public SalesforceEmulatorSettings withQueryBatchSize(int value) {
        return new SalesforceEmulatorSettings(clientId, clientSecret, dailyApiLimit, value, apiVersion);
    }
}
