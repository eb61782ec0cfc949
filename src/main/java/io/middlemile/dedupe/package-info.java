/**
 * The deduplication engine: blocking, Fellegi–Sunter scoring with weights learned from the data, clustering that
 * does not chain, survivorship and merge plans. Plain Java; callers (CLI, Camel routes, the governed write path)
 * hand in {@link io.middlemile.model.CanonicalRecord}s and act on the {@link io.middlemile.dedupe.MergePlan}.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link io.middlemile.dedupe.DedupeRules#from} turns a {@code dedupe/*.yaml} rule file into the engine's
 *       fully defaulted configuration.</li>
 *   <li>{@link io.middlemile.dedupe.DedupeEngine#run} runs a batch and returns a
 *       {@link io.middlemile.dedupe.DedupeResult}: the {@link io.middlemile.dedupe.MergePlan} (one
 *       {@link io.middlemile.dedupe.ClusterPlan} per merged cluster with master, explained duplicates and surviving
 *       {@link io.middlemile.dedupe.FieldChoice}s; review pairs; {@link io.middlemile.dedupe.DedupeStats}), each
 *       record's cluster, role and score, and {@code explain(a, b)} for any two records.</li>
 *   <li>{@link io.middlemile.dedupe.MergePlanCsv} writes the {@code --export} file
 *       {@code cluster_id,source,record_id,role,score}.</li>
 *   <li>{@link io.middlemile.dedupe.IncrementalMatcher} ({@code result.incremental()}) matches one new or changed
 *       record against the run's index in well under a millisecond.</li>
 * </ul>
 *
 * <h2>Rule file</h2>
 * <pre>
 * entity: person
 * sources: [hubspot-contacts, legacy-contacts]
 * mode: dedupe                 # optional: dedupe (all pairs) or link (only across sources, one record per source)
 * blocking:                    # OR-ed rules; all fields of one rule must agree
 *   - [email]
 *   - [lastName, companyDomain]
 * comparisons:
 *   - {field: email, method: email}
 *   - {field: lastName, method: last-name, termFrequency: true}   # optional termFrequency, m, u per level
 * thresholds: {autoMerge: 0.99, review: 0.80}
 * maxBlockSize: 500            # optional: larger blocks are compared by a sorted-neighbourhood window only
 * estimateWeights: true        # optional: false uses the m/u written in the file (or the method defaults)
 * prior: 0.0001                # optional: match probability of two random records when not estimating
 * survivorship:                # optional
 *   master: [source-priority, most-complete, most-recent, oldest]
 *   sourcePriority: [salesforce, hubspot]
 *   fields: {phone: most-recent, title: longest, secondaryEmails: union, companyName: source:hubspot}
 * </pre>
 * Blocking on a name field uses a looser value so spelling variants still meet: nickname groups for
 * {@code firstName}, the Double Metaphone code for {@code lastName}, the legal-form-free key for company names.
 * {@code emailKey} and {@code companyDomain} are derived from {@code email} when a record lacks them (a work
 * address names the employer). Placeholders ("N/A", "test@test.com") and, for people, role mailboxes (info@) count
 * as missing.
 *
 * <h2>Comparison levels</h2>
 * Every method returns a level; level 0 is "missing" (weight 0: missing is not a mismatch), level 1 "exact".
 * <ul>
 *   <li>{@code email}: exact, close (one-letter slip in a long local part with the same separators and digits),
 *       same-local-part (personal vs work address, or a renamed company's new domain; fixed weak weight),
 *       other-address-same-domain (negative: another separator, digit or pattern is another mailbox), different, personal-and-work,
 *       exact-but-shared-by-many.</li>
 *   <li>{@code phone} (E.164): exact, same-last-7-digits, different, exact-but-shared-by-many,
 *       other-line-same-block (two direct lines of one block of a hundred: negative). One number on two people
 *       with different first names counts as shared.</li>
 *   <li>{@code first-name}: exact, nickname (Bob/Robert, Raj/Rajesh), close, initial, similar, different.</li>
 *   <li>{@code last-name}: exact (term frequency by default), close (Double Metaphone, one edit, Jaro-Winkler ≥ 0.92
 *       or a double-barrelled prefix), similar, different.</li>
 *   <li>{@code company-name}: exact after legal-form removal, close, shared-words, different.</li>
 *   <li>{@code linkedin}: exact slug, different (negative), exact-but-shared-by-many; {@code domain}: exact,
 *       parent-or-subdomain ({@code eu.acme.com} / {@code acme.com}), different; {@code country}: exact,
 *       different (negative); {@code exact}: exact, different; {@code jaro-winkler}: bands 0.92 / 0.80; {@code levenshtein}: one or two
 *       edits, transpositions counting as one.</li>
 * </ul>
 *
 * <h2>People who changed jobs</h2>
 * For people, when two records agree exactly on an identifier that follows a person to a new employer (the
 * {@code linkedin} comparison, an {@code email} at a free-mail provider, a {@code phone} that does not end in 00),
 * a different {@code company-name} and a different-domain {@code email} (levels different, same-local-part) are
 * not counted (level missing, weight 0); explanations show the level they had with "not counted: ...".
 *
 * <h2>Conflicts</h2>
 * Negative levels are conflicting identifiers (two mailboxes at one company domain, two direct lines, two LinkedIn
 * pages, two countries). A pair with one is never auto-merged, whatever it scores: at best it is a review pair,
 * and {@link io.middlemile.dedupe.PairDecision#conflicts()} says in words which identifiers conflict. Clustering
 * never joins two clusters across such a pair either. An email slip (one letter in a long local part, same
 * separators and digits) is "close", not a conflict.
 *
 * <h2>Weights</h2>
 * u comes from random record pairs; m from EM run once per blocking rule over the pairs that rule blocks, with the
 * rule's own fields left out (as Splink trains), averaged; the prior is the expected number of matches over all
 * possible pairs, a fixed point over the blocked pairs. Exact agreement on a field that is a blocking rule by
 * itself and that people do not share (a company name, a domain; not email, phone or LinkedIn) takes its u from
 * all pairs instead: every pair agreeing on it is blocked, and each counts by its probability of not matching,
 * leaving out pairs with conflicting identifiers (a random sample holds one or two such pairs, mostly duplicates);
 * m and the prior are then estimated again. Negative and "fixed" levels keep configured weights:
 * the data cannot teach them without learning from namesakes. Exact agreement on a term-frequency field weighs
 * log2(m / frequency of the value), at most 3 bits above the field's average. Fewer than 500 records: the file's
 * or default weights are used.
 *
 * <h2>Clustering</h2>
 * Greedy agglomeration over auto-merge edges, strongest first, where joining two clusters needs support from both
 * sides (half the cross pairs at least in the review band, none a clear or contradicted non-match); see
 * {@link io.middlemile.dedupe.Clusterer}. Connected components would let one sparse record chain two people.
 *
 * <h2>Benchmarks</h2>
 * {@code io.middlemile.bench.FebrlBenchmark} (Febrl dedupe and linking quality) and
 * {@code io.middlemile.bench.DedupeScaleBenchmark} (a million generated CRM contacts end to end) under
 * src/test; their Javadoc says how to run them.
 */
package io.middlemile.dedupe;
