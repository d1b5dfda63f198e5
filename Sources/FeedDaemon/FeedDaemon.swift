// The FeedDaemon module; its issue fills it in.
