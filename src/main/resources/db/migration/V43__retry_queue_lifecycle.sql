-- What a queued record's source said of its existence when it failed, as the marker fields its reader gave it (JSON:
-- __deleted, __mergedInto, __mergedIds), null for a live record. A record deleted or merged away at the source whose
-- archive or merge the target refused is no longer there to read again, and a read by id does not say what a survivor
-- took in: a retry goes by these, so it archives or merges in the target instead of settling the entry as gone.
alter table retry_queue add column lifecycle text;
