package io.middlemile.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The owners last read from CRM connections, for checking the owner ids of rule sets that take their owners from one
 * ({@code owners: {from: CONNECTION}}). Implemented over the state store's copy; validation never calls a CRM.
 */
@FunctionalInterface
public interface CrmOwners {

    /**
     * A connection's owners as last read.
     *
     * @param owners each with the CRM's id, name and email, inactive when the CRM has them deactivated
     * @param queues the owners that are queues (Salesforce), by id: the objects whose records each may own
     */
    record Read(Instant readAt, List<AssignConfig.Owner> owners, Map<String, List<String>> queues) {

        public Read {
            queues = Map.copyOf(queues);
        }

        /** Owners that are all people. */
        public Read(Instant readAt, List<AssignConfig.Owner> owners) {
            this(readAt, owners, Map.of());
        }
    }

    /** The connection's owners as last read, or empty when they never were. */
    Optional<Read> read(String connection);
}
