package io.middlemile.govern;

import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Field updates a person or an agent proposes for existing records, written through the one write path as a
 * session of their own (run kind {@code agent}): the kill switches, the policy for {@code update} with the
 * proposer as actor (auto, review with the stated reason, deny), the caps, the journal. A proposal never
 * creates a record: a key the target does not hold is refused, and so is every key of a connection whose
 * current values cannot be read back (nothing to compare, nothing to roll back to).
 */
final class Proposals {

    private final ActionSessions sessions;

    Proposals(ActionSessions sessions) {
        this.sessions = sessions;
    }

    GovernedActions.ProposalReport propose(Actor actor, String connection, String object, List<GovernedActions.FieldProposal> records,
                                           String reason) {
        if (!sessions.governance.connectors.containsKey(connection)) {
            throw new IllegalArgumentException("There is no connection \"" + connection + "\" in this workspace; expected one of "
                    + new java.util.TreeSet<>(sessions.governance.connectors.keySet()));
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason is required: the person who reviews the proposal reads it");
        }
        List<WriteOutcome> outcomes = new ArrayList<>(Collections.nCopies(records.size(), (WriteOutcome) null));
        ActionReport report = sessions.run(actor.id(), "agent", "proposal of " + actor.id(), null, actor, (session, tally) -> {
            // whether each record exists is the write's own read of the target (one read, under the records' locks)
            List<TargetRecord> writes = new ArrayList<>();
            for (GovernedActions.FieldProposal proposal : records) {
                writes.add(new TargetRecord(object, proposal.key(), proposal.fields(), new SourceRef(connection, object, proposal.key())));
            }
            List<WriteOutcome> written = session.to(connection, object).update(connection, object, writes,
                    Collections.nCopies(writes.size(), reason.strip()),
                    "not written: " + connection + " cannot read back its current values, so a proposal could neither be compared"
                            + " nor rolled back",
                    key -> "not written: " + connection + "/" + object + " holds no record " + key
                            + " (a proposal updates existing records, it never creates one)");
            for (int i = 0; i < written.size(); i++) {
                outcomes.set(i, written.get(i));
            }
            tally.count(outcomes);
        });
        return new GovernedActions.ProposalReport(report.runId(), List.copyOf(outcomes));
    }
}
