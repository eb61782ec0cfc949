-- Owners read from a CRM (HubSpot's owners API, Salesforce User) for the assign/ rule sets that take their owners
-- from a connection (owners: {from: CONNECTION}). `middlemile assign owners NAME --refresh` replaces a connection's
-- rows with what the CRM says now; validate, simulate and hub-assign read them here and never call the CRM, so a
-- deactivated user (active = false) is known as inactive, not as unknown.
create table crm_owners (
    connection text        not null,
    id         text        not null,
    email      text,
    name       text,
    active     boolean     not null,
    read_at    timestamptz not null,
    primary key (connection, id)
);
