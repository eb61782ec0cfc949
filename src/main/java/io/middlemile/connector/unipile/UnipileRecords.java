package io.middlemile.connector.unipile;

import java.util.List;

/** What {@link UnipileClient} answers, in Unipile's terms. */
public final class UnipileRecords {

    private UnipileRecords() {
    }

    /**
     * {@code GET /api/v1/users/{identifier}}: {@code provider_id} (ACo...) is what invitations and chats take;
     * {@code networkDistance} how far the person is from the account (FIRST_DEGREE: already a connection), null when
     * the answer has none.
     */
    public record Profile(String providerId, String publicIdentifier, String firstName, String lastName, String headline,
                          String networkDistance) {

        public boolean connected() {
            return "FIRST_DEGREE".equalsIgnoreCase(networkDistance);
        }
    }

    /** {@code POST /api/v1/users/invite}: {@code {object: "UserInvitationSent", invitation_id}}. */
    public record InvitationSent(String invitationId) {
    }

    /** {@code POST /api/v1/chats} or {@code /chats/{id}/messages}: the chat and the message made. */
    public record MessageSent(String chatId, String messageId) {
    }

    /** One connection of the account ({@code UserRelation}). */
    public record Relation(String publicIdentifier, String memberId, String firstName, String lastName, String headline,
                           String publicProfileUrl, Long createdAt) {
    }

    /** {@code GET /api/v1/users/relations}: a page and the cursor of the next one (null on the last page). */
    public record RelationsPage(List<Relation> items, String cursor) {

        public RelationsPage {
            items = List.copyOf(items);
        }
    }

    /** One connected account of {@code GET /api/v1/accounts}. */
    public record Account(String id, String type, String name, List<String> statuses) {

        public Account {
            statuses = List.copyOf(statuses);
        }
    }
}
