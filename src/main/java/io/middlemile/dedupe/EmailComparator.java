package io.middlemile.dedupe;

import io.middlemile.standardize.FreeMail;

import java.util.List;

import static io.middlemile.dedupe.FieldComparator.Level;
import static io.middlemile.dedupe.FieldComparator.MISSING;

/**
 * Email match keys. A one-letter slip in a long local part at the same domain is "close"; the same local part
 * at another domain (personal vs work address, or a company that changed its domain) is weak, fixed positive
 * evidence, because local parts are mostly built from the name, which is compared already. Two different
 * mailboxes at one company domain are a conflict: one person rarely has two work addresses at one company, and
 * namesakes at one employer get told apart exactly by a second address pattern ({@code julie.bennett@} vs
 * {@code julie_bennett@}, {@code juliebennett@}, {@code julie.bennett2@}, {@code jbennett@}). What decides between
 * slip and second mailbox is the shape of the address, not the edit distance: an edit that touches a separator
 * or a digit, or changes the first letter, makes another mailbox; an edit among the letters of a long local
 * part with the same separators is a typo. A personal and a work address ("personal-and-work") are told apart
 * from other differences, so each gets its own learned weight.
 */
final class EmailComparator extends FieldComparator {
    /** Local parts shorter than this are initials-based (jsmith, jo): one letter more is another person. */
    static final int MIN_SLIP_LENGTH = 6;
    private final Comparators.Cache<Boolean> freeMail;

    EmailComparator(DedupeRules.ComparisonRule rule, Dictionary dict) {
        super(rule, dict, List.of(MISSING, Level.of("exact", 0.85, 0.0001), Level.of("close", 0.04, 0.0001),
                Level.fixed("same-local-part", 0.08, 0.01),
                Level.negative("other-address-same-domain", 0.0005, 1.0), Level.of("different", 0.075, 0.99),
                FieldComparator.SHARED, Level.of("personal-and-work", 0.1, 0.3)));
        freeMail = new Comparators.Cache<>(id -> FreeMail.isFreeMail(domain(dict.value(id))));
    }

    private static String domain(String email) {
        int at = email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1);
    }

    @Override
    void prepare() {
        freeMail.fill(dict.size());
    }

    /** True when the address with dictionary id {@code id} is at a free-mail provider: a personal address. */
    boolean freeMail(int id) {
        return freeMail.get(id);
    }

    @Override
    int compareDistinct(int a, int b, String va, String vb) {
        int atA = va.lastIndexOf('@');
        int atB = vb.lastIndexOf('@');
        boolean sameDomain = va.length() - atA == vb.length() - atB
                && va.regionMatches(atA, vb, atB, va.length() - atA);
        boolean sameLocal = atA == atB && va.regionMatches(0, vb, 0, atA);
        if (sameDomain) {
            if (isSlip(va.substring(0, atA), vb.substring(0, atB))) {
                return 2;
            }
            // two mailboxes at one free-mail provider are just two addresses, not a company's two people
            return freeMail.get(a) ? 5 : 4;
        }
        if (sameLocal) {
            return 3;
        }
        // one free-mail and one company address is how one person usually has two addresses
        return freeMail.get(a) != freeMail.get(b) ? 7 : 5;
    }

    @Override
    String conflict(String va, String vb) {
        int atA = va.lastIndexOf('@');
        return "two different mailboxes at " + va.substring(atA + 1) + ": " + va.substring(0, atA + 1) + " and "
                + vb.substring(0, vb.lastIndexOf('@') + 1);
    }


    /**
     * True when two different local parts at one domain are one mailbox typed with a slip: long enough not to be
     * initials, the same first letter, the same separators and digits in the same order ("julie.bennett" vs
     * "julie_bennett" or "juliebennett" are two naming patterns, so two mailboxes), and one letter inserted,
     * dropped, replaced or two letters swapped.
     */
    static boolean isSlip(String la, String lb) {
        if (Math.min(la.length(), lb.length()) < MIN_SLIP_LENGTH || la.charAt(0) != lb.charAt(0)) {
            return false;
        }
        if (!skeleton(la).equals(skeleton(lb))) {
            return false;
        }
        return StringSimilarity.editDistance(la, lb, 1) <= 1;
    }

    /** The non-letters of a local part in order: "julie.bennett2" → ".2", "j_bennett" → "_". */
    static String skeleton(String local) {
        StringBuilder b = new StringBuilder(4);
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!Character.isLetter(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
