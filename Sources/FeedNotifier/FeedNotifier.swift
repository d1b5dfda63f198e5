// The FeedNotifier module; its issue fills it in.
