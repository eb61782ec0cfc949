package io.middlemile.connector;

import java.util.List;

/**
 * A CRM's users who can own records, active and deactivated, read whole: what owner assignment takes its owners
 * from ({@code owners: {from: CONNECTION}} in {@code assign/}). Failures are thrown as {@link ConnectorException}s
 * like any other call of the connector; a deactivated user is returned with {@code active} false, never left out,
 * so a rule naming them can be told "inactive" rather than "unknown".
 */
public interface UserDirectory {

    /** Every user, in the CRM's order, each once. */
    List<CrmUser> users();
}
