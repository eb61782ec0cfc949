package io.middlemile.assign;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where owners come from. Today the workspace's owner lists ({@link OwnerList}); a CRM-backed directory
 * (HubSpot's owners API, Salesforce {@code User}), read and cached per run, implements the same two methods,
 * so the assigner, the CLI and the Camel step do not change when it arrives. Implementations are immutable
 * snapshots and thread-safe.
 */
public interface OwnerDirectory {

    /** The owner with this id, or empty when there is none. */
    Optional<Owner> find(String id);

    /** Every owner, active or not. */
    Collection<Owner> all();

    /**
     * The owners who take no leads on {@code day}, inactive or away, as the assigner's out-of-office set: an owner
     * deactivated in the CRM after the rules were validated is skipped, not handed leads.
     */
    default Set<String> unavailableOn(LocalDate day) {
        return awayOn(day).keySet();
    }

    /** As {@link #unavailableOn}, each with why, in an explanation's words ("is inactive", "is out of office"). */
    default Map<String, String> awayOn(LocalDate day) {
        return all().stream().filter(owner -> !owner.availableOn(day))
                .collect(Collectors.toUnmodifiableMap(Owner::id, owner -> owner.active() ? "is out of office" : "is inactive"));
    }
}
