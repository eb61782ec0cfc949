package io.middlemile.quality;

/**
 * The quality of one field over the records measured.
 *
 * @param present      records where it holds a value
 * @param nonConforming values its standardizer would change (fixable by the clean-up job)
 * @param invalid      values its standardizer refuses (need a person)
 * @param measured     whether a conformance rule checks the field; without one, conformance is not known
 */
public record FieldQuality(String field, long records, long present, long nonConforming, long invalid, boolean measured) {

    /** Share of records where the field holds a value, 0..1 (1 for no records: nothing is missing). */
    public double completeness() {
        return records == 0 ? 1 : (double) present / records;
    }

    /** Share of present values already in standard form, 0..1, or NaN when no rule checks the field. */
    public double conformance() {
        if (!measured) {
            return Double.NaN;
        }
        return present == 0 ? 1 : (double) (present - nonConforming - invalid) / present;
    }
}
