package io.middlemile.standardize;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * LinkedIn profile/company/school URLs to {@code https://www.linkedin.com/<type>/<slug>}.
 *
 * <p>Any scheme or none, country and mobile subdomains (uk., de., m.), trailing slashes, sub-pages
 * ({@code /details/...}), query strings and fragments are accepted; percent-encoded slugs are decoded and the
 * slug is lowercased (LinkedIn slugs are case-insensitive). Key is the lowercase slug; attribute {@code type} is
 * "in", "company", "school", "showcase" or "pub". Legacy {@code /pub/name/a/b/c} URLs keep their path.
 * Non-LinkedIn URLs and LinkedIn URLs that do not identify a profile/page are INVALID.
 */
public final class LinkedInUrlStandardizer implements Standardizer {

    public static final String NAME = "linkedin-url";

    private static final String BASE = "https://www.linkedin.com/";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Standardized apply(String input, StandardizeContext context) {
        String s = Text.tidy(input);
        if (s == null) {
            return Standardized.empty();
        }
        if (s.length() > 1000) {
            return Standardized.invalid("too long to be a LinkedIn URL");
        }
        String t = s;
        int scheme = t.indexOf("://");
        if (scheme >= 0) {
            t = t.substring(scheme + 3);
        }
        int cut = indexOfAny(t, "?#");
        if (cut >= 0) {
            t = t.substring(0, cut);
        }
        int slash = t.indexOf('/');
        String host = (slash < 0 ? t : t.substring(0, slash)).toLowerCase(Locale.ROOT);
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (!(host.equals("linkedin.com") || host.endsWith(".linkedin.com"))) {
            return Standardized.invalid("not a LinkedIn URL");
        }
        String[] parts = slash < 0 ? new String[0] : t.substring(slash + 1).split("/");
        int i = 0;
        while (i < parts.length && parts[i].isEmpty()) {
            i++;
        }
        // the lightweight mobile site prefixes paths with "mwlite"
        if (i < parts.length && parts[i].equalsIgnoreCase("mwlite")) {
            i++;
        }
        if (i + 1 >= parts.length) {
            return Standardized.invalid("LinkedIn URL without a profile or page slug");
        }
        String type = parts[i].toLowerCase(Locale.ROOT);
        if (!(type.equals("in") || type.equals("company") || type.equals("school") || type.equals("showcase")
                || type.equals("pub"))) {
            return Standardized.invalid("LinkedIn URL of unsupported kind '/" + DomainStandardizer.abbreviate(type) + "/'");
        }
        String slug = decode(parts[i + 1]).toLowerCase(Locale.ROOT).trim();
        if (!validSlug(slug)) {
            return Standardized.invalid("invalid LinkedIn slug '" + DomainStandardizer.abbreviate(slug) + "'");
        }
        String path = slug;
        if (type.equals("pub")) {
            StringBuilder b = new StringBuilder(slug);
            for (int j = i + 2; j < parts.length && j < i + 5; j++) {
                if (!parts[j].isEmpty()) {
                    b.append('/').append(parts[j].toLowerCase(Locale.ROOT));
                }
            }
            path = b.toString();
        }
        String value = BASE + type + "/" + path;
        return Text.result(s, value, slug, "canonicalized LinkedIn URL", Map.of("type", type));
    }

    private static boolean validSlug(String slug) {
        if (slug.isEmpty() || slug.length() > 100) {
            return false;
        }
        for (int i = 0; i < slug.length(); i++) {
            char c = slug.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '&' || c == '\'')) {
                return false;
            }
        }
        return true;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // malformed escape: validSlug rejects the '%'
        }
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
