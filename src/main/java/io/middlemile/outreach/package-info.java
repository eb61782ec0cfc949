/**
 * Safe activation: what decides, before anything is sent, whether and when a person is reached. Plain Java, no
 * Spring, Camel, HTTP or SQL: the {@code hub-enrol} step and the governed {@code SEND} path call it with what the
 * store and the match index know.
 *
 * <ul>
 *   <li>{@link io.middlemile.outreach.SuppressionRules}: the {@code suppress:} section of an {@code outreach/NAME.yaml}
 *       as code; a record is either clear or {@link io.middlemile.outreach.Suppressed} with a reason and a sentence an
 *       operator understands. What only the store knows (last contact, enrolment under another record) comes through
 *       {@link io.middlemile.outreach.SuppressionFacts}.</li>
 *   <li>{@link io.middlemile.outreach.AccountPacer}: LinkedIn invitations spread over each account's working hours
 *       ({@link io.middlemile.outreach.LinkedInAccount}) with random pauses, never over a daily, weekly or look-up cap
 *       ({@link io.middlemile.outreach.AccountUsage}); what does not fit is deferred to the next window, never
 *       dropped ({@link io.middlemile.outreach.Pacing}). The messages that follow accepted invitations are paced the
 *       same way, per account, under its messages per day.</li>
 *   <li>{@link io.middlemile.outreach.NoteTemplate}: the invitation note filled from canonical fields; a missing value
 *       or a note too long for the account is a per-record rejection.</li>
 *   <li>{@link io.middlemile.outreach.EmailEnrolment}: a record as the Instantly lead it becomes (lead fields and
 *       custom variables from canonical fields) and the add-leads options.</li>
 *   <li>{@link io.middlemile.outreach.OutreachSummary}: the counts a run reports and the lines the CLI prints.</li>
 * </ul>
 */
package io.middlemile.outreach;
