/// The schema, as an append-only list of SQL scripts applied in order on open.
///
/// `PRAGMA user_version` holds how many have been applied. A shipped migration is never edited,
/// never reordered and never uses application types: a change is a new script at the end.
/// Dates are REAL seconds since 1970; JSON columns are UTF-8 text. `items.entry_json` is the
/// FeedModel `Entry` without `contentHTML`, `contentText` and `summary`, which live in their own
/// columns so the large texts are stored once. `items_fts` is a contentless FTS5 index (the text
/// is not stored a second time), kept by `SearchIndex`.
enum Migrations {
    static let all: [String] = [version1, version2, version3, version4, version5, version6, version7, version8, version9, version10,
                                  version11, version12]

    /// Applies the scripts the file has not seen yet, each in its own transaction with its version bump.
    ///
    /// Several processes may open one file at once (`feedd run` starting while a timer's `feedd
    /// fetch` does): each step reads `user_version` again inside its `BEGIN IMMEDIATE`, holding the
    /// write lock, so a script another process applied meanwhile is never run a second time. The
    /// first read, outside, only spares an up-to-date file the write lock.
    static func apply(to connection: SQLiteConnection) throws(StoreError) {
        guard try version(of: connection) != all.count else { return }
        while try applyNext(to: connection) {}
    }

    /// Applies the next script under the write lock; false when there is none left.
    private static func applyNext(to connection: SQLiteConnection) throws(StoreError) -> Bool {
        try connection.transaction { () throws(StoreError) -> Bool in
            let current = try version(of: connection)
            guard current <= all.count else {
                throw StoreError.newerSchema(path: connection.path, found: current, known: all.count)
            }
            guard current < all.count else { return false }
            try connection.executeScript(all[current])
            // user_version lives in the file header, which is written inside this transaction.
            try connection.executeScript("PRAGMA user_version = \(current + 1)")
            return true
        }
    }

    private static func version(of connection: SQLiteConnection) throws(StoreError) -> Int {
        let current = try connection.queryFirst("PRAGMA user_version") { $0.int(0) } ?? 0
        guard current <= all.count else {
            throw StoreError.newerSchema(path: connection.path, found: current, known: all.count)
        }
        return current
    }

    static let version1 = """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            configured_url TEXT,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('main', 'comments')),
            parent_item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            active INTEGER NOT NULL DEFAULT 1,
            retired_reason TEXT,
            interval_seconds REAL,
            follow_comments INTEGER NOT NULL DEFAULT 1,
            comments_window_seconds REAL NOT NULL DEFAULT 604800,
            notify_backlog INTEGER NOT NULL DEFAULT 0,
            keep_seconds REAL,
            max_items INTEGER,
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,
            last_status INTEGER,
            last_error TEXT,
            consecutive_errors INTEGER NOT NULL DEFAULT 0,
            last_fetched_at REAL,
            last_success_at REAL,
            next_poll_at REAL NOT NULL,
            retry_not_before REAL,
            poll_count INTEGER NOT NULL DEFAULT 0,
            redirect_candidate_url TEXT,
            redirect_seen_count INTEGER NOT NULL DEFAULT 0,
            redirect_seen_poll INTEGER,
            first_success_done INTEGER NOT NULL DEFAULT 0,
            title TEXT,
            home_page_url TEXT,
            created_at REAL NOT NULL
        );
        CREATE INDEX feeds_due ON feeds(next_poll_at) WHERE active = 1;
        CREATE INDEX feeds_parent ON feeds(parent_item_id) WHERE parent_item_id IS NOT NULL;
        CREATE INDEX feeds_configured_url ON feeds(configured_url);

        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            identity_key TEXT NOT NULL,
            guid TEXT,
            url TEXT,
            normalized_url TEXT,
            title TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            summary TEXT,
            content_html TEXT,
            content_text TEXT,
            published REAL,
            updated REAL,
            first_seen REAL NOT NULL,
            last_seen REAL NOT NULL,
            sort_date REAL NOT NULL,
            content_hash TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            comments_url TEXT,
            comments_feed_url TEXT,
            comment_count INTEGER,
            entry_json TEXT NOT NULL,
            was_backlog INTEGER NOT NULL DEFAULT 0,
            UNIQUE (feed_id, identity_key)
        );
        CREATE INDEX items_feed_url ON items(feed_id, normalized_url) WHERE normalized_url IS NOT NULL;
        CREATE INDEX items_feed_title_published ON items(feed_id, title, published) WHERE title IS NOT NULL;
        CREATE INDEX items_sort_date ON items(sort_date);
        CREATE INDEX items_feed_sort_date ON items(feed_id, sort_date);

        CREATE VIRTUAL TABLE items_fts USING fts5(title, body, content = '', tokenize = 'unicode61 remove_diacritics 2');

        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            hook TEXT NOT NULL,
            event TEXT NOT NULL CHECK (event IN ('new', 'updated', 'comment')),
            delivery_id TEXT NOT NULL UNIQUE,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            last_error TEXT,
            delivered_at REAL,
            failed_at REAL,
            created_at REAL NOT NULL
        );
        CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
        CREATE INDEX outbox_item ON outbox(item_id);
        """

    /// The outbox again, with its event CHECK written as `=` comparisons: SQLite 3.40 evaluates
    /// `event IN ('new', 'updated', 'comment')` by building and dropping a temporary b-tree on
    /// every insert, about a tenth of the cost of ingesting a new item with two hooks. Same
    /// columns, rows, ids, constraints and indexes; nothing references the outbox.
    static let version2 = """
        CREATE TABLE outbox_new (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            hook TEXT NOT NULL,
            event TEXT NOT NULL CHECK (event = 'new' OR event = 'updated' OR event = 'comment'),
            delivery_id TEXT NOT NULL UNIQUE,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            last_error TEXT,
            delivered_at REAL,
            failed_at REAL,
            created_at REAL NOT NULL
        );
        INSERT INTO outbox_new (id, item_id, hook, event, delivery_id, attempts, next_attempt_at, last_error,
                                delivered_at, failed_at, created_at)
            SELECT id, item_id, hook, event, delivery_id, attempts, next_attempt_at, last_error,
                   delivered_at, failed_at, created_at
            FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_new RENAME TO outbox;
        CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
        CREATE INDEX outbox_item ON outbox(item_id);
        """

    /// Retention that never deletes what a feed still lists, and never re-announces what it deleted.
    ///
    /// `feeds.last_listed_at`: when the feed's body was last parsed and ingested. A 304 or an
    /// unchanged body confirms that listing (`last_success_at`) without touching the items, so
    /// retention counts an item of that listing as seen at the feed's last successful poll.
    /// Filled from the newest `last_seen` of each feed, never later than the real last listing.
    ///
    /// `item_tombstones`: what identifies an item retention deleted (its identity key and what
    /// the guid-rewrite match compares), so an identity once seen is never `new` again.
    static let version3 = """
        ALTER TABLE feeds ADD COLUMN last_listed_at REAL;
        UPDATE feeds SET last_listed_at = (SELECT max(last_seen) FROM items WHERE items.feed_id = feeds.id);

        CREATE TABLE item_tombstones (
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            identity_key TEXT NOT NULL,
            normalized_url TEXT,
            title TEXT,
            published REAL,
            first_seen REAL NOT NULL,
            deleted_at REAL NOT NULL,
            PRIMARY KEY (feed_id, identity_key)
        ) WITHOUT ROWID;
        CREATE INDEX item_tombstones_url ON item_tombstones(feed_id, normalized_url);
        CREATE INDEX item_tombstones_title ON item_tombstones(feed_id, title);
        """

    /// The streak of 410 Gone answers from a feed's own URL: how many in a row, since when, and the
    /// poll count of the last one (a poll recorded in between ends the streak). A feed is retired
    /// only after several over at least a day, not on the first (a server's bad hour).
    static let version4 = """
        ALTER TABLE feeds ADD COLUMN gone_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE feeds ADD COLUMN gone_since REAL;
        ALTER TABLE feeds ADD COLUMN gone_seen_poll INTEGER;
        """

    /// Claims with leases, so several processes on one file never poll one feed or run one
    /// delivery at once: `claimed_by` names the owner (host, pid, start), `lease_until` is when
    /// the claim lapses unless renewed; a lapsed claim is free for any process to take.
    static let version5 = """
        ALTER TABLE feeds ADD COLUMN claimed_by TEXT;
        ALTER TABLE feeds ADD COLUMN lease_until REAL;
        ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
        ALTER TABLE outbox ADD COLUMN lease_until REAL;
        CREATE INDEX feeds_claimed ON feeds(claimed_by) WHERE claimed_by IS NOT NULL;
        CREATE INDEX outbox_claimed ON outbox(claimed_by) WHERE claimed_by IS NOT NULL;
        """

    /// Why each feed's next poll is when it is, and the hints a server or feed gave: `<ttl>` and
    /// `Cache-Control: max-age` are stored so they still hold after a 304 (which carries no body and
    /// often no header), `sy:updatePeriod` is only recorded. Items sort by their own date (published,
    /// else updated, else first seen): an Atom feed that writes only `<updated>` is ordered by it.
    static let version6 = """
        ALTER TABLE feeds ADD COLUMN schedule_interval_seconds REAL;
        ALTER TABLE feeds ADD COLUMN schedule_reason TEXT;
        ALTER TABLE feeds ADD COLUMN hint_ttl_seconds REAL;
        ALTER TABLE feeds ADD COLUMN hint_max_age_seconds REAL;
        ALTER TABLE feeds ADD COLUMN hint_update_period_seconds REAL;
        UPDATE items SET sort_date = coalesce(published, updated, first_seen);
        """

    /// Digests: `outbox.digest` is `member` for a row of a digest hook, which waits for its
    /// period's digest and is never sent alone, and `digest` for the one row that sends a period's
    /// members together (its item is its first member's, only so the row has one).
    /// `outbox_digest_members` ties each member to the digest that carries it; a member is in at
    /// most one digest, and the digest is created with all its members in one transaction.
    static let version7 = """
        ALTER TABLE outbox ADD COLUMN digest TEXT CHECK (digest IS NULL OR digest = 'member' OR digest = 'digest');
        CREATE TABLE outbox_digest_members (
            member_id INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
            digest_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE
        );
        CREATE INDEX outbox_digest_members_digest ON outbox_digest_members(digest_id);
        CREATE INDEX outbox_digest_waiting ON outbox(hook, created_at) WHERE digest = 'member' AND delivered_at IS NULL;
        """

    /// `outbox.last_response`: the receiver's answer to the attempt that delivered (`HTTP 200`),
    /// for `feedd hooks log`; one line, bounded.
    static let version8 = """
        ALTER TABLE outbox ADD COLUMN last_response TEXT;
        """

    /// Items a feed's `block` / `allow` rules held back: stored (so they are never new again) and
    /// marked, firing nothing; `feedd items` leaves them out unless `--all`.
    static let version9 = """
        ALTER TABLE items ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
        """

    /// What the last parse of a feed warned about (a feed that needed recovery, numbers left out),
    /// so `feedd status` can say a feed is broken even though its items were stored.
    static let version10 = """
        ALTER TABLE feeds ADD COLUMN last_warning TEXT;
        """

    /// The outbox's uniqueness as `UNIQUE (item_id, delivery_id)` instead of `UNIQUE (delivery_id)`.
    ///
    /// A delivery id is a hash, so its index took every new row at a random place: an ingest of a
    /// few hundred items with two hooks rewrote most of that index's pages, and the WAL carried
    /// 2.5x the bytes of the rows it stored. The id hashes the item id, so the pair is unique
    /// exactly when the id is, and the pair's index grows at its end like the items do; it also
    /// serves the lookups by item, so `outbox_item` goes. Rebuilding the table drops its rows from
    /// `outbox_digest_members` (ON DELETE CASCADE), so those are kept aside and put back.
    static let version11 = """
        CREATE TEMP TABLE outbox_digest_members_kept AS SELECT member_id, digest_id FROM outbox_digest_members;
        CREATE TABLE outbox_new (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            hook TEXT NOT NULL,
            event TEXT NOT NULL CHECK (event = 'new' OR event = 'updated' OR event = 'comment'),
            delivery_id TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            last_error TEXT,
            delivered_at REAL,
            failed_at REAL,
            created_at REAL NOT NULL,
            claimed_by TEXT,
            lease_until REAL,
            digest TEXT CHECK (digest IS NULL OR digest = 'member' OR digest = 'digest'),
            last_response TEXT,
            UNIQUE (item_id, delivery_id)
        );
        INSERT INTO outbox_new (id, item_id, hook, event, delivery_id, attempts, next_attempt_at, last_error,
                                delivered_at, failed_at, created_at, claimed_by, lease_until, digest, last_response)
            SELECT id, item_id, hook, event, delivery_id, attempts, next_attempt_at, last_error,
                   delivered_at, failed_at, created_at, claimed_by, lease_until, digest, last_response
            FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_new RENAME TO outbox;
        CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
        CREATE INDEX outbox_claimed ON outbox(claimed_by) WHERE claimed_by IS NOT NULL;
        CREATE INDEX outbox_digest_waiting ON outbox(hook, created_at) WHERE digest = 'member' AND delivered_at IS NULL;
        INSERT INTO outbox_digest_members (member_id, digest_id) SELECT member_id, digest_id FROM outbox_digest_members_kept;
        DROP TABLE outbox_digest_members_kept;
        """

    /// The search index merges its segments 16 at a time instead of FTS5's default 4.
    ///
    /// Every ingest commit flushes its new tokens as one small segment, and each merge rewrites
    /// the segments it joins: at 4, a token was rewritten about log4(commits) times, and the index
    /// was the largest writer after the items themselves. Ingest benchmark (100,000 items, 200
    /// commits): bytes written 1,314 MB at 4, 1,117 MB at 16; a query reads a few more segments,
    /// which the same store's searches did not show (a phrase over every item 222–249 ms, a rare
    /// phrase 5.2–5.7 ms, at 4, 8 and 16). FTS5 keeps the setting in `items_fts_config`.
    static let version12 = """
        INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 16);
        """
}
