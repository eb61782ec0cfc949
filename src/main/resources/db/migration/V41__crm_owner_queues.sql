-- A Salesforce queue owns records too (a Lead's OwnerId may name one), but only of the objects it supports: its
-- QueueSobject rows. Kept beside the users read from a connection so validate can tell a queue the target object takes
-- from one it refuses, and `assign owners` can say which rows are queues. Null for a person.
alter table crm_owners add column queue_of text[];
