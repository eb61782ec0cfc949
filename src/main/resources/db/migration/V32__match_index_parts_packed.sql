-- A match index part is now saved packed with LZ4 (MatchIndexStore, PackedText: its UTF-8 length as four bytes, then
-- the LZ4 block), not as text: a million contacts' index is several hundred megabytes of lines, which the server took
-- in more slowly than the run made them, so the run waited for it; packed they are a fraction of that. Parts saved as
-- text by earlier versions are still read as they are until the rule's next dedupe run replaces them.
alter table match_index_part alter column records drop not null;
alter table match_index_part add column packed bytea;
-- already compressed: the server's own compression would only try and give up, part after part
alter table match_index_part alter column packed set storage external;
alter table match_index_part add constraint match_index_part_one_form check ((records is null) <> (packed is null));
