package io.middlemile.assign;

/**
 * An existing account (CRM company) as lead-to-account matching needs it.
 *
 * @param id     the account's id in the CRM
 * @param owner  its owner's id, or null when unowned
 * @param domain web domain or website as the CRM holds it (normalized by the index), or null
 * @param name   company name as written, or null
 */
public record Account(String id, String owner, String domain, String name) {
}
