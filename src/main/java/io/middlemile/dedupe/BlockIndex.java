package io.middlemile.dedupe;

import io.middlemile.standardize.PersonNameStandardizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Blocking: for each rule (a list of fields that must agree) every record gets one or more 64-bit block keys, and
 * records sharing a key form a block. Rules are OR-ed; a pair that shares blocks under several rules is compared
 * once, in the first (rule, block) they share. Blocks larger than {@code maxBlockSize} are not compared (a shared
 * "gmail.com" or a default "N/A" must not cost n² comparisons) and their pairs are counted as skipped.
 *
 * <p>Block values are deliberately looser than equality on name fields so spelling variants still meet: a first
 * name blocks on each of its nickname groups (Bob and Robert share "robert"), a last name on its Double Metaphone
 * code (Smith and Smyth share "SM0"), a company name on its legal-form-free key. Other fields block on their
 * normalized value.
 *
 * <p>The index answers two questions: which pairs to compare in a batch run and which records are candidates for
 * one new record. Built once, then appended to only by {@link #add} under the incremental matcher's lock.
 */
final class BlockIndex {

    private final MatchRecords records;
    private final int maxBlockSize;
    private final Rule[] rules;

    /** One blocking rule: keys per record (CSR) and members per block (CSR, plus appended members). */
    static final class Rule {
        final int index;
        final int[] fields;
        final String label;
        LongIntMap blockOfKey;
        int[] recordStart;     // row -> first position in recordBlocks
        int[] recordBlocks;    // block ids of each row, ascending
        int[] blockStart;      // block -> first position in members
        int[] members;
        int builtRows;
        int blockCount;
        int nextBlock;
        final Map<Integer, IntList> appended = new HashMap<>();
        // blocks larger than maxBlockSize: asked for every compared pair, and a bit each stays in the processor's cache
        // where the block sizes (blockStart) of a million records do not
        final java.util.BitSet oversized = new java.util.BitSet();

        Rule(int index, int[] fields, String label) {
            this.index = index;
            this.fields = fields;
            this.label = label;
        }

        int size(int block) {
            int base = block < blockStart.length - 1 ? blockStart[block + 1] - blockStart[block] : 0;
            IntList extra = appended.isEmpty() ? null : appended.get(block);
            return extra == null ? base : base + extra.size();
        }
    }

    private final Comparators.Cache<long[]>[] tokenHashes;

    @SuppressWarnings("unchecked")
    BlockIndex(MatchRecords records, List<List<String>> blocking, int maxBlockSize) {
        this.records = records;
        this.maxBlockSize = maxBlockSize;
        int columns = records.matchFields().size();
        tokenHashes = new Comparators.Cache[columns];
        for (int f = 0; f < columns; f++) {
            int field = f;
            tokenHashes[f] = new Comparators.Cache<>(id -> tokens(field, id));
            tokenHashes[f].fill(records.dictionary(f).size());
        }
        rules = new Rule[blocking.size()];
        for (int r = 0; r < rules.length; r++) {
            List<String> fields = blocking.get(r);
            int[] cols = fields.stream().mapToInt(records::fieldIndex).toArray();
            rules[r] = new Rule(r, cols, String.join("+", fields));
        }
        // a rule's blocks are its own: rules are built side by side, as most of a build is one thread filling its map
        Spread.forEachTask(rules.length, r -> build(rules[r]));
    }

    private long[] tokens(int field, int id) {
        List<String> out = blockValues(field, id);
        long[] h = new long[out.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = hash(out.get(i));
        }
        return h;
    }

    /** The values a field blocks on, before hashing: nickname groups, a phonetic code, a legal-form-free key. */
    private List<String> blockValues(int field, int id) {
        String v = records.dictionary(field).value(id);
        List<String> out = new ArrayList<>(2);
        switch (records.normalizer(field).kind()) {
            case FIRST_NAME -> {
                out.addAll(PersonNameStandardizer.firstNameGroups(v));
                if (out.isEmpty()) {
                    out.add(v);
                }
            }
            case LAST_NAME -> out.add(Comparators.LastName.phonetic(v));
            case COMPANY -> {
                // without spaces, so "Atlantic Energy 2 Ltd" meets a name read off its domain, "atlanticenergy2"
                String k = FieldNormalizer.companyKey(v);
                out.add((k == null ? v : k).replace(" ", ""));
            }
            default -> out.add(v);
        }
        return out;
    }

    /**
     * What {@code row} blocks on under rule {@code rule}, readable: one entry per field, "lastName=MKTNLT", several
     * values of one field joined by "|" ("firstName=robert|bob"); "lastName missing" when a field has no value,
     * which means the rule never puts the row in a block.
     */
    List<String> describeKeys(int rule, int row) {
        List<String> out = new ArrayList<>(rules[rule].fields.length);
        for (int col : rules[rule].fields) {
            String field = records.matchFields().get(col);
            int id = records.column(col)[row];
            out.add(id < 0 ? field + " missing" : field + "=" + String.join("|", blockValues(col, id)));
        }
        return out;
    }

    /**
     * True when rule {@code rule} puts both rows in one block that is too large to compare in full (only a window
     * of neighbours in it is compared).
     */
    boolean sharesOversized(int a, int b, int rule) {
        return sharesBlock(a, b, rule, true);
    }

    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** Block keys of {@code row} under {@code rule}: the product of its fields' block values; empty when one is missing. */
    private long[] keys(Rule rule, int row) {
        long[] acc = {mix(rule.index + 1L)};
        for (int col : rule.fields) {
            int id = records.column(col)[row];
            if (id < 0) {
                return new long[0];
            }
            long[] t = tokenHashes[col].get(id);
            long[] next = new long[acc.length * t.length];
            int n = 0;
            for (long a : acc) {
                for (long b : t) {
                    next[n++] = mix(a * 31 + b);
                }
            }
            acc = next;
        }
        return acc;
    }

    /**
     * Builds a rule's blocks in steps of a method each: every step is a loop over all rows, and as one method the
     * compiler compiled it again for each loop it reached (twelve times for three rules, with a deoptimization between).
     */
    private void build(Rule rule) {
        int n = records.size();
        long[][] perRow = new long[n][];
        IntStream.range(0, n).parallel().forEach(i -> perRow[i] = records.removed(i) ? new long[0] : keys(rule, i));
        rule.blockOfKey = new LongIntMap(n);
        rule.recordStart = recordStarts(perRow);
        int total = rule.recordStart[n];
        rule.recordBlocks = new int[total];
        IntList sizes = blocksOfRows(rule, perRow);
        rule.blockCount = sizes.size();
        rule.blockStart = new int[rule.blockCount + 1];
        for (int b = 0; b < rule.blockCount; b++) {
            rule.blockStart[b + 1] = rule.blockStart[b] + sizes.get(b);
        }
        rule.members = members(rule, n, total);
        for (int b = 0; b < rule.blockCount; b++) {
            if (sizes.get(b) > maxBlockSize) {
                rule.oversized.set(b);
            }
        }
        rule.builtRows = n;
        rule.nextBlock = rule.blockCount;
    }

    /** Where each row's blocks start in the rule's list of them (one more entry than rows: the end). */
    private static int[] recordStarts(long[][] perRow) {
        int[] starts = new int[perRow.length + 1];
        int total = 0;
        for (int i = 0; i < perRow.length; i++) {
            total += perRow[i].length;
            starts[i + 1] = total;
        }
        return starts;
    }

    /** Numbers each key's block in the order first met, fills each row's sorted blocks, and returns the blocks' sizes. */
    private static IntList blocksOfRows(Rule rule, long[][] perRow) {
        IntList sizes = new IntList(perRow.length);
        int p = 0;
        for (int i = 0; i < perRow.length; i++) {
            for (long key : perRow[i]) {
                int block = rule.blockOfKey.putIfAbsent(key, sizes.size());
                if (block == LongIntMap.MISSING) {
                    block = sizes.size();
                    sizes.add(0);
                }
                sizes.set(block, sizes.get(block) + 1);
                rule.recordBlocks[p++] = block;
            }
            java.util.Arrays.sort(rule.recordBlocks, rule.recordStart[i], rule.recordStart[i + 1]);
        }
        return sizes;
    }

    /** The rows of every block, block after block, each block's rows in row order. */
    private static int[] members(Rule rule, int n, int total) {
        int[] members = new int[total];
        int[] fill = java.util.Arrays.copyOf(rule.blockStart, rule.blockCount);
        for (int i = 0; i < n; i++) {
            for (int q = rule.recordStart[i]; q < rule.recordStart[i + 1]; q++) {
                members[fill[rule.recordBlocks[q]]++] = i;
            }
        }
        return members;
    }

    Rule[] rules() {
        return rules;
    }

    int maxBlockSize() {
        return maxBlockSize;
    }

    boolean oversized(Rule rule, int block) {
        return rule.oversized.get(block);
    }

    /** True when some block of rule {@code rule} is too large to compare in full. */
    boolean hasOversized(int rule) {
        return !rules[rule].oversized.isEmpty();
    }

    /**
     * True when ({@code rule}, {@code block}) is the first non-oversized block that rows {@code a} and {@code b}
     * (both from the batch build) share, so the pair is compared exactly once across rules.
     */
    boolean firstShared(int a, int b, int rule, int block) {
        for (int r = 0; r <= rule; r++) {
            Rule R = rules[r];
            int i = R.recordStart[a];
            int ie = R.recordStart[a + 1];
            int j = R.recordStart[b];
            int je = R.recordStart[b + 1];
            while (i < ie && j < je) {
                int x = R.recordBlocks[i];
                int y = R.recordBlocks[j];
                if (x == y) {
                    if (r == rule && x == block) {
                        return true;
                    }
                    if (!oversized(R, x)) {
                        return false;
                    }
                    i++;
                    j++;
                } else if (x < y) {
                    i++;
                } else {
                    j++;
                }
            }
        }
        return true;
    }

    /** True when rule {@code rule} puts both batch rows in one compared block. */
    boolean shares(int a, int b, int rule) {
        return sharesBlock(a, b, rule, false);
    }

    /** Walks both rows' sorted block lists of one rule for a common block that is (or is not) oversized. */
    private boolean sharesBlock(int a, int b, int rule, boolean oversized) {
        Rule R = rules[rule];
        int i = R.recordStart[a];
        int ie = R.recordStart[a + 1];
        int j = R.recordStart[b];
        int je = R.recordStart[b + 1];
        while (i < ie && j < je) {
            int x = R.recordBlocks[i];
            int y = R.recordBlocks[j];
            if (x == y && oversized(R, x) == oversized) {
                return true;
            }
            if (x <= y) {
                i++;
            }
            if (y <= x) {
                j++;
            }
        }
        return false;
    }

    /** True when some rule puts both batch rows in one block that is compared (for blocking recall). */
    boolean covers(int a, int b) {
        for (int rule = 0; rule < rules.length; rule++) {
            if (shares(a, b, rule)) {
                return true;
            }
        }
        return false;
    }

    /** Members of a batch-built block (appended members excluded): [from, to) in {@link Rule#members}. */
    int from(Rule rule, int block) {
        return rule.blockStart[block];
    }

    int to(Rule rule, int block) {
        return rule.blockStart[block + 1];
    }

    /**
     * Candidate rows for {@code row} (usually just appended): every live row sharing a compared block with it,
     * each once, in {@code out}. {@code seen} is scratch space cleared on return.
     */
    void candidates(int row, IntList out, java.util.Set<Integer> seen) {
        for (Rule rule : rules) {
            for (long key : keys(rule, row)) {
                int block = rule.blockOfKey.get(key);
                if (block == LongIntMap.MISSING || oversized(rule, block)) {
                    continue;
                }
                if (block < rule.blockCount) {
                    for (int q = rule.blockStart[block]; q < rule.blockStart[block + 1]; q++) {
                        offer(rule.members[q], row, out, seen);
                    }
                }
                IntList extra = rule.appended.get(block);
                if (extra != null) {
                    for (int q = 0; q < extra.size(); q++) {
                        offer(extra.get(q), row, out, seen);
                    }
                }
            }
        }
        seen.clear();
    }

    private void offer(int candidate, int row, IntList out, java.util.Set<Integer> seen) {
        if (candidate != row && !records.removed(candidate) && seen.add(candidate)) {
            out.add(candidate);
        }
    }

    /** Adds an appended row to the blocks of its keys (new keys open new blocks). */
    void add(int row) {
        for (Rule rule : rules) {
            for (long key : keys(rule, row)) {
                int block = rule.blockOfKey.putIfAbsent(key, rule.nextBlock);
                if (block == LongIntMap.MISSING) {
                    block = rule.nextBlock++;
                }
                rule.appended.computeIfAbsent(block, b -> new IntList(2)).add(row);
                if (rule.size(block) > maxBlockSize) {
                    rule.oversized.set(block);
                }
            }
        }
    }
}
