import Foundation

/// The commented example config (`config/feedd.toml`), which `feedd init` writes and `feedd add`
/// starts from when there is no config yet: with its example feed commented out, so a new
/// config polls nothing until the user adds a feed. `ExampleConfigTests` keeps `reference` equal
/// to the file in the repository.
public enum ExampleConfig {
    /// `config/feedd.toml` as shipped.
    public static let reference = #"""
# feedd — example configuration. It runs as it is:  feedd fetch --config config/feedd.toml
#
# Where feedd looks without --config: /etc/feedd/feedd.toml for root and the systemd service,
# otherwise $XDG_CONFIG_HOME/feedd/feedd.toml (or ~/.config/feedd/feedd.toml).
#
# Durations: "30s", "15m", "2h", "7d", "1w", combined as "1h30m", or an integer number of seconds.
# Sizes: "16MiB", "512KiB", "1GiB", "10MB" (powers of 1000) or an integer number of bytes.
# Every number has bounds (e.g. timeout 1s-1h); the README lists them.
# Every error names the file, the line and the key; `feedd check-config` checks a file.

[daemon]
# The SQLite store. A relative path is relative to the folder of this file. Or a PostgreSQL
# server several daemons share, "postgresql://feedd@db.example:5432/feedd": never with a password
# (it comes from PGPASSFILE, ~/.pgpass or the systemd credential; see the README).
database = "feedd.sqlite"

# How often a feed is polled unless it sets its own interval. A feed without its own interval may
# be polled less often when it asks to (<ttl>, Cache-Control: max-age); sy:updatePeriod is only
# recorded. "auto" follows each feed's publishing rate (a quarter of the median gap between its
# recent items, between min_interval and max_interval). `feedd status` says why each poll is when it is.
interval = "15m"
# No feed is polled more often than this, whatever its <ttl> or its own interval says.
min_interval = "5m"
# Cap of the backoff after errors (and of intervals lengthened by a feed's hints).
max_interval = "24h"

# Transfers in flight, in total and to one host (a site's comment feeds share its host).
concurrency = 16
per_host = 2
# Pause between two requests to the same host.
host_delay = "0s"

# Total time one transfer may take, and the time to connect.
timeout = "60s"
connect_timeout = "10s"
# Largest response body accepted, also after decompression.
max_body_size = "16MiB"

# Sent with every request; name yourself so site owners can reach you.
user_agent = "feedd/0.1.0 (+https://example.org/feedd)"

# trace | debug | info | notice | warning | error | critical (feedd run --log-level overrides it).
log_level = "info"

# Retention, for every feed unless it sets its own: delete items their feed has not listed for
# `keep`, and keep at most `max_items` per feed of those it no longer lists. Items the feed still
# lists (also while it answers 304) and items whose hooks have not been delivered are never
# deleted; a deleted item that comes back is stored again without hooks. Both are off when absent.
# keep = "180d"
# max_items = 5000

# Hooks that run at once.
hook_concurrency = 4

# URLs a feed names itself (comment feeds, redirect targets) may reach only public addresses;
# a configured feed's own host may be anywhere. true lets them reach loopback, private (RFC 1918,
# ULA), link-local and multicast addresses too: for the LAN feeds of a home server. Default false.
allow_private_networks = false


# One [[feed]] block per site feed. Per-article comment feeds are found by feedd itself.
[[feed]]
# Required: an http or https URL (`feedd add URL` also finds a feed from a web page).
url = "https://www.it-boltwise.de/feed"
# Optional: how commands and hooks name the feed; unique; defaults to the URL's host.
name = "boltwise"
# Optional: this feed's own poll interval (between min_interval and max_interval), or "auto".
# It is what the feed gets: no <ttl> or Cache-Control of the site lengthens it.
interval = "10m"
# Optional: labels that hooks can select with `feeds = [...]`.
tags = ["news", "ki"]
# Follow each article's comment feed (wfw:commentRss, Atom rel="replies"). Default true.
follow_comments = true
# How long after an article's publication its comments are polled. Default "7d".
comments_window = "7d"
# Optional: rules FIELD:REGEX (FIELD: title, content, author, url, tag, any) deciding which items
# fire hooks: none that a block rule matches; with allow rules, only those one of them matches.
# The same keys work on a [[hook]]. Regexes are case-sensitive unless they start with (?i).
# block = ["title:^Sponsored", "any:(?i)gewinnspiel"]
# Whether the articles already in the feed at its first fetch fire hooks. Default false.
notify_backlog = false
# Optional: this feed's own retention, overriding [daemon].
# keep = "90d"
# max_items = 1000
# Optional: overrides [daemon] allow_private_networks for this feed and its comment feeds.
# allow_private_networks = true
# Optional: keep the feed configured but do not poll it (`feedd pause NAME`, `feedd resume NAME`).
# paused = true


# Hooks are told about every new article (`new`), changed article (`updated`) and new
# comment (`comment`). Each gets the item as one JSON object: on stdin for `exec`, as the POST
# body for `webhook`. A delivery that fails is retried with backoff; `feedd hooks` shows failures.
#
# [[hook]]
# name = "desktop"                                  # required, unique
# exec = ["hooks/notify-desktop"]                   # argv, never run through a shell; a relative
#                                                   # path is relative to this file, a bare name is
#                                                   # looked up in $PATH
# events = ["new", "comment"]                       # new | updated | comment; default ["new", "comment"]
# feeds = ["boltwise"]                              # optional: feed names or tags; default every feed
# timeout = "30s"                                   # the program is killed after this; default 30s,
#                                                   # at most 1h (raise the unit's TimeoutStopSec too)
# max_attempts = 8                                  # then the delivery is parked as failed; default 8
# retry_base = "30s"                                # first retry after 15-30s, the window doubling
#                                                   # with each failure (up to 6h); default 30s
#
# [[hook]]
# name = "morning"
# exec = ["hooks/morning-digest"]
# digest = "daily 08:00"                            # one run per period listing its items as
#                                                   # {"event":"digest","items":[…]}; "daily HH:MM" is
#                                                   # local time (TZ, else /etc/localtime), or a
#                                                   # duration such as "1h" (1s to 31d)
#
# [[hook]]
# name = "email"
# exec = ["hooks/email-article", "you@example.org"]
# events = ["new"]
# feeds = ["news"]                                  # a tag: every feed tagged "news"
# env = { SENDMAIL = "/usr/sbin/sendmail" }         # optional: extra environment for the program;
#                                                   # secrets go in env_files = { NAME = "file" },
#                                                   # files found like secret_file below
#
# [[hook]]
# name = "chat"
# webhook = "https://hooks.example.org/xyz"         # POST of the JSON; 2xx means delivered
# secret = "change me"                              # optional: HMAC-SHA256 signature header of the body;
#                                                   # or secret_file = "webhook-secret" to keep it out of
#                                                   # this file (a bare name is looked up in systemd's
#                                                   # $CREDENTIALS_DIRECTORY, else next to this file)
# events = ["new", "updated", "comment"]

# Built-in targets post a short message (feed, title, a few lines of text, the link) to the
# service's public API, through the same outbox: retried, parked, shown by `feedd hooks`. Each
# token, password or secret URL may be given as KEY_file instead (found like secret_file above).
# The keys events, feeds, timeout, max_attempts and retry_base work as for any hook; template
# = "…" (Mustache over the event's JSON, e.g. "{{feed.name}}: {{item.title}} {{item.url}}")
# replaces a target's text, and an email hook takes subject_template and body_template.
#
# [[hook]]
# name = "phone"
# ntfy = "https://ntfy.sh/my-feeds"                 # the topic URL
# token_file = "ntfy-token"                         # optional: token = "tk_…" for a protected topic
#
# [[hook]]
# name = "gotify"
# gotify = "https://gotify.example.org"             # POST /message
# token_file = "gotify-token"                       # the application token (or token = "…")
# priority = 5                                      # optional: 0-10, default 5
#
# [[hook]]
# name = "telegram"
# telegram_file = "telegram-bot-token"              # or telegram = "123456:ABC…" (the bot token)
# chat_id = -1001234567890                          # a chat id, or "@channelname"
# # api_url = "https://api.telegram.org"            # optional: a self-hosted Bot API server
#
# [[hook]]
# name = "matrix"
# matrix = "https://matrix.example.org"             # the homeserver
# room = "!AbCdEf:example.org"                      # the room id (not an alias), from its settings
# access_token_file = "matrix-token"                # the bot account's token (or access_token = "…")
#
# [[hook]]
# name = "discord"
# discord_file = "discord-webhook-url"              # or discord = "https://discord.com/api/webhooks/ID/TOKEN"
#
# [[hook]]
# name = "slack"
# slack_file = "slack-webhook-url"                  # or slack = "https://hooks.slack.com/services/…"
#
# [[hook]]
# name = "mail"
# email = "smtp://mail.example.org:587"             # STARTTLS when offered; smtps://host:465 for TLS
# from = "feedd@example.org"
# to = ["you@example.org"]                          # one address or a list
# username = "feedd"                                # optional: SMTP AUTH; a password is never sent in
# password_file = "smtp-password"                   # the clear to another host (STARTTLS required)

"""#

    /// What `feedd init` writes: `reference` with the lines of each `[[feed]]` block commented out.
    public static var forInit: String { commentingOutFeeds(in: reference) }

    /// `text` with every line of each `[[feed]]` block (its header up to the next blank line) that
    /// is not a comment already turned into one.
    public static func commentingOutFeeds(in text: String) -> String {
        var inFeed = false
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "[[feed]]" { inFeed = true }
            if trimmed.isEmpty { inFeed = false }
            lines.append(inFeed && !trimmed.hasPrefix("#") ? "# " + line : String(line))
        }
        return lines.joined(separator: "\n")
    }
}
