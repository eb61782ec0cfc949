package io.middlemile.standardize;

/** Outcome of standardizing one value. */
public enum Verdict {
    /** Input was null, blank or carried no usable characters. */
    EMPTY,
    /**
     * Input was already in canonical form apart from letter case and whitespace ({@code value} may still be
     * trimmed or re-cased). A VALID result can carry a {@code reason} for advisory findings, e.g. an e-mail domain
     * that looks like a typo.
     */
    VALID,
    /** The value differs from the input beyond case/whitespace (extracted, reformatted, mapped); see {@code reason}. */
    FIXED,
    /** Input cannot be used; {@code reason} explains why. */
    INVALID
}
