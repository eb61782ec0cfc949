package io.middlemile.govern;

import io.middlemile.store.ReviewItem;

import java.util.List;

/**
 * What a rollback's preview says about the review items the rollback would withdraw ({@link GovernedActions#rollbackWithdrawals}):
 * one wording for `middlemile rollback --plan` and the API's {@code POST /api/runs/{id}/rollback?plan=true}.
 *
 * @param summary the sentence before the list, or null when nothing would be withdrawn
 * @param items   each item, oldest first
 */
public record WithdrawalPreview(String summary, List<Item> items) {

    /**
     * One item the rollback would withdraw.
     *
     * @param values what it writes, sends or looks up ({@link ReviewItem#what()})
     * @param state  {@code pending}, or {@code approved by NAME, not made yet} (a send or lookup the next run would make)
     */
    public record Item(long review, String action, String connection, String object, String recordKey, String values, String state) {
    }

    /** @param of whose items they are, as the rollback's summary names them: {@code run 2}, {@code agent:x since ...} */
    public static WithdrawalPreview of(String of, List<ReviewItem> withdrawals) {
        if (withdrawals.isEmpty()) {
            return new WithdrawalPreview(null, List.of());
        }
        boolean approved = withdrawals.stream().anyMatch(item -> item.status() == ReviewItem.Status.APPROVED);
        String summary = "It would withdraw " + Rollback.counted(withdrawals) + " of " + of + " (nothing of them is made; approving"
                + " one later is refused" + (approved ? ", and no run makes an approved one" : "") + ")";
        return new WithdrawalPreview(summary, withdrawals.stream().map(item -> new Item(item.id(), item.action(), item.connection(),
                item.object(), item.recordKey(), item.what(), item.status() == ReviewItem.Status.APPROVED
                ? "approved by " + item.decidedBy() + ", not made yet" : item.status().wire())).toList());
    }
}
