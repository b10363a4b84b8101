-- Sales carry their channel (线上/线下: online and offline sales earn the same member rights, and analytics split
-- them) and, for a refund, the receipt it refunds, so that points earned on that receipt can be reversed.
alter table core.sale_events add column channel text not null default 'offline'
  check (channel in ('offline', 'online'));
alter table core.sale_events add column refund_of text check (length(refund_of) between 1 and 128);
