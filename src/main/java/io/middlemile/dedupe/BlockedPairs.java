package io.middlemile.dedupe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every blocked pair once, with its comparison pattern: produced in parallel over blocks, then used twice (EM counts
 * the patterns, scoring adds term frequencies) without comparing again. 16 bytes per pair.
 */
final class BlockedPairs {

    final int[] a;
    final int[] b;
    final long[] pattern;
    final byte[] rule;
    final int size;
    final long skippedPairs;
    final int oversizedBlocks;
    final int largestBlock;

    private BlockedPairs(int[] a, int[] b, long[] pattern, byte[] rule, int size, long skippedPairs, int oversizedBlocks,
                         int largestBlock) {
        this.a = a;
        this.b = b;
        this.pattern = pattern;
        this.rule = rule;
        this.size = size;
        this.skippedPairs = skippedPairs;
        this.oversizedBlocks = oversizedBlocks;
        this.largestBlock = largestBlock;
    }

    /**
     * Neighbours each record of an oversized block is compared with, after sorting the block by the compared
     * values (sorted neighbourhood): a block of 50,000 "gmail.com" records costs 50,000 × 10 comparisons instead of
     * 1.25 billion, and near-identical records still meet.
     */
    static final int WINDOW = 10;

    /** A run of consecutive blocks of one rule, sized so that parallel tasks are of similar cost. */
    private record Task(BlockIndex.Rule rule, int fromBlock, int toBlock, boolean oversized) {
    }

    private static final class Buffer {
        int[] a = new int[1024];
        int[] b = new int[1024];
        long[] p = new long[1024];
        byte[] r = new byte[1024];
        int n;

        void add(int x, int y, long pattern, int rule) {
            if (n == a.length) {
                int cap = n * 2;
                a = Arrays.copyOf(a, cap);
                b = Arrays.copyOf(b, cap);
                p = Arrays.copyOf(p, cap);
                r = Arrays.copyOf(r, cap);
            }
            a[n] = x;
            b[n] = y;
            p[n] = pattern;
            r[n] = (byte) rule;
            n++;
        }
    }

    static BlockedPairs generate(BlockIndex index, MatchModel model, MatchRecords records, DedupeRules.Mode mode) {
        List<Task> tasks = new ArrayList<>();
        long skipped = 0;
        int oversized = 0;
        int largest = 0;
        final long taskPairs = 50_000;
        for (BlockIndex.Rule rule : index.rules()) {
            int start = 0;
            long acc = 0;
            for (int block = 0; block < rule.blockCount; block++) {
                int s = index.to(rule, block) - index.from(rule, block);
                if (s > index.maxBlockSize()) {
                    skipped += (long) s * (s - 1) / 2 - (long) s * WINDOW;
                    oversized++;
                    tasks.add(new Task(rule, block, block + 1, true));
                    continue;
                }
                largest = Math.max(largest, s);
                acc += (long) s * (s - 1) / 2;
                if (acc >= taskPairs) {
                    tasks.add(new Task(rule, start, block + 1, false));
                    start = block + 1;
                    acc = 0;
                }
            }
            if (start < rule.blockCount) {
                tasks.add(new Task(rule, start, rule.blockCount, false));
            }
        }
        boolean link = mode == DedupeRules.Mode.LINK;
        List<Buffer> buffers = tasks.parallelStream().map(task -> {
            Buffer out = new Buffer();
            BlockIndex.Rule rule = task.rule;
            if (task.oversized) {
                window(index, model, records, rule, task.fromBlock, link, out);
                return out;
            }
            int[] members = rule.members;
            for (int block = task.fromBlock; block < task.toBlock; block++) {
                int from = index.from(rule, block);
                int to = index.to(rule, block);
                if (to - from < 2 || to - from > index.maxBlockSize()) {
                    continue;
                }
                for (int i = from; i < to; i++) {
                    int x = members[i];
                    for (int j = i + 1; j < to; j++) {
                        int y = members[j];
                        if (link && records.sourceIndex(x) == records.sourceIndex(y)) {
                            continue;
                        }
                        if (!index.firstShared(x, y, rule.index, block)) {
                            continue;
                        }
                        out.add(x, y, model.pattern(x, y), rule.index);
                    }
                }
            }
            return out;
        }).toList();
        int total = 0;
        for (Buffer buf : buffers) {
            total += buf.n;
        }
        int[] a = new int[total];
        int[] b = new int[total];
        long[] p = new long[total];
        byte[] r = new byte[total];
        int pos = 0;
        for (Buffer buf : buffers) {
            System.arraycopy(buf.a, 0, a, pos, buf.n);
            System.arraycopy(buf.b, 0, b, pos, buf.n);
            System.arraycopy(buf.p, 0, p, pos, buf.n);
            System.arraycopy(buf.r, 0, r, pos, buf.n);
            pos += buf.n;
        }
        return new BlockedPairs(a, b, p, r, total, skipped, oversized, largest);
    }

    /**
     * Sorted neighbourhood inside one oversized block: members sorted by their compared values, each compared with
     * the next {@link #WINDOW}. Pairs that an ordinary block of some rule compares are left to that block; a pair
     * near in two oversized blocks may be scored twice, which only repeats an edge.
     */
    private static void window(BlockIndex index, MatchModel model, MatchRecords records, BlockIndex.Rule rule,
                               int block, boolean link, Buffer out) {
        int from = index.from(rule, block);
        int to = index.to(rule, block);
        Integer[] order = new Integer[to - from];
        String[] keys = new String[to - from];
        for (int i = from; i < to; i++) {
            int row = rule.members[i];
            order[i - from] = i - from;
            StringBuilder key = new StringBuilder();
            for (int c = 0; c < model.comparisons(); c++) {
                String v = records.value(model.comparator(c).rule().field(), row);
                key.append(v == null ? "" : v).append('\u0001');
            }
            keys[i - from] = key.toString();
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparing((Integer i) -> keys[i]));
        int[] members = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            members[i] = rule.members[from + order[i]];
        }
        for (int i = 0; i < members.length; i++) {
            for (int j = i + 1; j < members.length && j <= i + WINDOW; j++) {
                int x = Math.min(members[i], members[j]);
                int y = Math.max(members[i], members[j]);
                if ((link && records.sourceIndex(x) == records.sourceIndex(y)) || index.covers(x, y)) {
                    continue;
                }
                out.add(x, y, model.pattern(x, y), rule.index);
            }
        }
    }

    /**
     * Distinct patterns and their counts, for EM: of the pairs blocking rule {@code onlyRule} puts together (all
     * pairs when negative), with the levels outside {@code mask} cleared to "missing".
     */
    long[][] patternCounts(BlockIndex index, int onlyRule, long mask) {
        LongIntMap counts = new LongIntMap(1024);
        for (int i = 0; i < size; i++) {
            // a pair is compared once, under the first rule that blocks it, but belongs to every rule that does
            if (onlyRule < 0 || rule[i] == onlyRule || (rule[i] < onlyRule && index.shares(a[i], b[i], onlyRule))) {
                counts.add((pattern[i] & mask) + 1, 1); // +1: pattern 0 (all missing) is the map's reserved key
            }
        }
        long[] keys = new long[counts.size()];
        long[] values = new long[counts.size()];
        int[] n = {0};
        counts.forEach((k, v) -> {
            keys[n[0]] = k - 1;
            values[n[0]] = v;
            n[0]++;
        });
        return new long[][] {keys, values};
    }
}
