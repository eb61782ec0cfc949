package io.middlemile.connector.hubspot;

/**
 * One owner as {@code GET /crm/v3/owners} returns it.
 *
 * @param id       the owner id: what {@code hubspot_owner_id} holds
 * @param userId   the user id of the same person, for the settings API (it cannot be used as an owner), or null
 * @param archived true for a deactivated owner; only {@code archived=true} listings return them
 */
public record HubSpotOwner(String id, String email, String firstName, String lastName, String userId, boolean archived) {

    /** "First Last", or null when HubSpot has neither. */
    public String name() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        return name.isEmpty() ? null : name;
    }
}
