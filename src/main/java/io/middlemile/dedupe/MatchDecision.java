package io.middlemile.dedupe;

/** What happens to a scored pair: merged without a person, sent to review, or left alone. */
public enum MatchDecision {
    AUTO_MERGE, REVIEW, NO_MATCH;

    static MatchDecision of(double probability, double autoMerge, double review) {
        return probability >= autoMerge ? AUTO_MERGE : probability >= review ? REVIEW : NO_MATCH;
    }
}
