-- Key indexes for listing the params, tags and metrics runs have: the runs table lists every key in scope,
-- and with these a key list is a few index seeks instead of a full scan.
CREATE INDEX params_key ON params(key);
CREATE INDEX tags_key ON tags(key);
CREATE INDEX metric_summaries_key ON metric_summaries(key, context);
