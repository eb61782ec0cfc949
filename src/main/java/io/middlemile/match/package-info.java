/**
 * The real-time match index behind {@code POST /api/match/{rule}}: "is this person (or company) already known?"
 * answered in milliseconds against every record of a dedupe rule's sources.
 *
 * <ul>
 *   <li>{@link io.middlemile.match.IndexBuild} saves a {@code middlemile dedupe NAME} run as the rule's index: the
 *       canonical fields the rule reads of every record it read, their standardized values (so a load does not
 *       standardize them again) and the run's learned weights.</li>
 *   <li>{@link io.middlemile.match.MatchIndexes} loads a rule's index from the store on its first request (no CRM
 *       is read, no weights re-estimated), answers lookups, and keeps the index current from the records sync jobs
 *       read and write ({@link io.middlemile.sync.RecordFeed}), in memory and in the store: a record read deleted or
 *       merged away at its source is taken out, so it is no candidate, also after a restart. A newer saved index (a
 *       new dedupe run) is loaded in the background and swapped in without a restart; what sync jobs in other
 *       processes or on other nodes changed in the store is read back by the same background check.</li>
 * </ul>
 * Plain Java over the dedupe engine's {@link io.middlemile.dedupe.IncrementalMatcher}; the web layer only
 * translates HTTP.
 */
package io.middlemile.match;
