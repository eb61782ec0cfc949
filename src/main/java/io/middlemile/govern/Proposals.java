package io.middlemile.govern;

import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

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
            List<String> keys = records.stream().map(GovernedActions.FieldProposal::key).distinct().toList();
            Map<String, Map<String, Object>> current = session.current(connection, object, keys);
            List<TargetRecord> writes = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                GovernedActions.FieldProposal proposal = records.get(i);
                SourceRef origin = new SourceRef(connection, object, proposal.key());
                if (current == null) {
                    outcomes.set(i, WriteOutcome.rejected(origin, "not written: " + connection + " cannot read back its current"
                            + " values, so a proposal could neither be compared nor rolled back"));
                } else if (current.get(proposal.key()) == null) {
                    outcomes.set(i, WriteOutcome.rejected(origin, "not written: " + connection + "/" + object + " holds no record "
                            + proposal.key() + " (a proposal updates existing records, it never creates one)"));
                } else {
                    writes.add(new TargetRecord(object, proposal.key(), proposal.fields(), origin));
                    indexes.add(i);
                }
            }
            List<WriteOutcome> written = session.to(connection, object).write(connection, object, writes,
                    Collections.nCopies(writes.size(), reason.strip()));
            for (int i = 0; i < written.size(); i++) {
                outcomes.set(indexes.get(i), written.get(i));
            }
            tally.count(outcomes);
        });
        return new GovernedActions.ProposalReport(report.runId(), List.copyOf(outcomes));
    }
}
