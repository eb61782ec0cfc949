-- Webhook event ids are the provider's own, and not every provider's are numbers (HubSpot's eventId is;
-- other providers send string ids), so they are kept as text. Existing HubSpot ids keep their digits.
alter table webhook_events alter column event_id type text using event_id::text;
