package io.middlemile.enrich;

import io.middlemile.connector.EnrichResult;
import io.middlemile.workspace.EnrichConfig;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a found value is good enough to stop asking the next provider of its group: it has one of the listed
 * verdicts, or at least the listed confidence. Without a {@code stopWhen:} any value is good enough.
 */
record StopRule(Set<String> verdicts, Double minConfidence) {

    static StopRule of(EnrichConfig.StopWhen stopWhen) {
        if (stopWhen == null) {
            return new StopRule(Set.of(), null);
        }
        List<String> verdicts = stopWhen.verification() == null ? List.of() : stopWhen.verification();
        return new StopRule(verdicts.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()),
                stopWhen.minConfidence());
    }

    boolean demandsNothing() {
        return verdicts.isEmpty() && minConfidence == null;
    }

    boolean good(EnrichResult.Found found) {
        if (demandsNothing()) {
            return true;
        }
        if (found.verification() != null && verdicts.contains(found.verification().toLowerCase(Locale.ROOT))) {
            return true;
        }
        return minConfidence != null && found.confidence() != null && found.confidence() >= minConfidence;
    }

    /** Of two values found for one field, the better: good beats not good, then higher confidence, then the earlier. */
    EnrichResult.Found better(EnrichResult.Found current, EnrichResult.Found candidate) {
        if (current == null) {
            return candidate;
        }
        boolean currentGood = good(current);
        boolean candidateGood = good(candidate);
        if (currentGood != candidateGood) {
            return candidateGood ? candidate : current;
        }
        double a = current.confidence() == null ? 0 : current.confidence();
        double b = candidate.confidence() == null ? 0 : candidate.confidence();
        return b > a ? candidate : current;
    }
}
