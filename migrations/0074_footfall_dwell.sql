-- Dwell time (停留时长) where a door counter measures it: the average stay, in seconds, of the people the event
-- counts going out. Null when the counter does not measure it. An average (not a total) so that an event always
-- describes its own people; the rollup weights it by `out_count` (footfall.dwell_seconds / footfall.dwell_people).
alter table core.footfall_events add column dwell_seconds integer check (dwell_seconds between 0 and 86400);
