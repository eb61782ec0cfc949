-- What a lead was given as its owner's email and CRM id, as the owner list said when it was given: the owner list may
-- change since (an admin corrects an address), and the lead still carries what it was given. `assign reassign` moves a
-- lead only while it carries its departed owner, which is then either. Null in rows written before this column.
alter table assignments add column owner_email text, add column owner_crm_id text;
