package io.middlemile.workspace;

import java.time.Instant;
import java.util.List;
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
     */
    record Read(Instant readAt, List<AssignConfig.Owner> owners) {
    }

    /** The connection's owners as last read, or empty when they never were. */
    Optional<Read> read(String connection);
}
