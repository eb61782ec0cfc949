package io.middlemile.standardize;

/** Outcome of standardizing one value. */
public enum Verdict {
    /** Input was null, blank or carried no usable characters. */
    EMPTY,
    /** Input was already acceptable; {@code value} may still be tidied (trim, case). */
    VALID,
    /** Input was repaired in a way worth reporting (see {@code reason}). */
    FIXED,
    /** Input cannot be used; {@code reason} explains why. */
    INVALID
}
