package io.middlemile.connector.salesforce;

import io.middlemile.connector.QuotaHeaders;

import java.util.Map;

/** The org's daily API usage as last reported by {@code Sforce-Limit-Info: api-usage=used/limit}. */
public record ApiUsage(long used, long limit) {

    public static final ApiUsage UNKNOWN = new ApiUsage(-1, -1);

    public boolean known() {
        return limit > 0;
    }

    public long remaining() {
        return known() ? Math.max(0, limit - used) : -1;
    }

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
    // (Sforce-Limit-Info: api-usage=10018/100000 on every REST answer: the org's daily API requests used, of its limit).
    /** The org's daily requests left as an answer's headers say, for the engine's metrics ({@code daily}). */
    public static final QuotaHeaders QUOTA = headers -> {
        ApiUsage usage = parse(headers.firstValue("Sforce-Limit-Info").orElse(null));
        return usage.known() ? Map.of("daily", usage.remaining()) : Map.of();
    };

    /** Parses the header value, e.g. {@code api-usage=10018/100000}; UNKNOWN when absent or malformed. */
    public static ApiUsage parse(String header) {
        if (header == null) {
            return UNKNOWN;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith("api-usage=")) {
                String[] numbers = p.substring("api-usage=".length()).split("/");
                try {
                    return new ApiUsage(Long.parseLong(numbers[0].trim()), Long.parseLong(numbers[1].trim()));
                } catch (RuntimeException e) {
                    return UNKNOWN;
                }
            }
        }
        return UNKNOWN;
    }
}
