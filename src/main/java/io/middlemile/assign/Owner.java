package io.middlemile.assign;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A person who can own leads: a CRM user as assignment needs it.
 *
 * @param id          the id rules name (for a CRM user, the CRM's owner or user id)
 * @param name        display name, or null
 * @param email       what the lead's canonical {@code ownerEmail} is set to
 * @param crmId       the user's id in the CRM (HubSpot owner id, Salesforce User id): what the lead's canonical {@code ownerId}
 *                    is set to, which a mapping writes to hubspot_owner_id or OwnerId; null when the owner list gives none
 * @param active      false for someone deactivated or gone; they receive no leads
 * @param outOfOffice days away; they receive no leads on those days
 */
public record Owner(String id, String name, String email, String crmId, boolean active, List<Absence> outOfOffice) {

    /** Days away, both inclusive. */
    public record Absence(LocalDate from, LocalDate to) {
        public Absence {
            Objects.requireNonNull(from, "from");
            to = to == null ? from : to;
        }

        boolean covers(LocalDate day) {
            return !day.isBefore(from) && !day.isAfter(to);
        }
    }

    public Owner {
        Objects.requireNonNull(id, "id");
        crmId = crmId == null || crmId.isBlank() ? null : crmId.strip();
        outOfOffice = outOfOffice == null ? List.of() : List.copyOf(outOfOffice);
    }

    /** True when the owner can take a lead on {@code day}: active and not away. */
    public boolean availableOn(LocalDate day) {
        return active && outOfOffice.stream().noneMatch(absence -> absence.covers(day));
    }

    /** How reports name the owner: "Dora Diaz <dora@example.com>", or the id when that is all there is. */
    public String label() {
        String shown = name == null || name.isBlank() ? id : name;
        return email == null ? shown : shown + " <" + email + ">";
    }
}
