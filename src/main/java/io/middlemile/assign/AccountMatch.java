package io.middlemile.assign;

/**
 * The outcome of lead-to-account matching, with the explanation either way.
 *
 * @param account     the matched account, or null
 * @param by          how it matched, or null when it did not
 * @param explanation why it matched, or why each step did not
 */
public record AccountMatch(Account account, By by, String explanation) {

    /** The matching steps, in the order they are tried. */
    public enum By {
        EMAIL_DOMAIN("email domain"), COMPANY_DOMAIN("company domain"), COMPANY_NAME("company name");

        private final String words;

        By(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public boolean matched() {
        return account != null;
    }
}
