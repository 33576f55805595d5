/** Schema migrations, applied in order on start. Never edit a released migration: add one. */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
	{
		version: 1,
		name: 'accounts, workshops, documents, audit log',
		sql: `
CREATE TABLE users (
	id TEXT PRIMARY KEY,
	email TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'facilitator', 'member')),
	locale TEXT,
	failed_count INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER,
	created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	expires_at INTEGER NOT NULL,
	last_active_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE setup_tokens (
	token_hash TEXT PRIMARY KEY,
	expires_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE TABLE workshops (
	id TEXT PRIMARY KEY,
	title TEXT NOT NULL,
	context TEXT NOT NULL,
	date TEXT NOT NULL,
	rollout_type TEXT NOT NULL CHECK (rollout_type IN ('inter-agency', 'refugee', 'government-only')),
	language TEXT NOT NULL,
	kit_id TEXT NOT NULL,
	kit_version TEXT NOT NULL,
	created_by TEXT NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL
);

CREATE TABLE agencies (
	id TEXT PRIMARY KEY,
	workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	short_name TEXT NOT NULL,
	colour TEXT NOT NULL,
	position INTEGER NOT NULL,
	UNIQUE (workshop_id, short_name)
);

CREATE TABLE memberships (
	workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant', 'observer')),
	agency_id TEXT REFERENCES agencies(id),
	is_signatory INTEGER NOT NULL DEFAULT 0,
	joined_at INTEGER NOT NULL,
	PRIMARY KEY (workshop_id, user_id)
);
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE invitations (
	id TEXT PRIMARY KEY,
	workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	agency_id TEXT NOT NULL REFERENCES agencies(id),
	role TEXT NOT NULL CHECK (role IN ('participant', 'observer')),
	is_signatory INTEGER NOT NULL DEFAULT 0,
	expires_at INTEGER NOT NULL,
	max_uses INTEGER NOT NULL,
	uses INTEGER NOT NULL DEFAULT 0,
	revoked_at INTEGER,
	created_by TEXT NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX invitations_workshop ON invitations(workshop_id);

CREATE TABLE doc_snapshots (
	name TEXT PRIMARY KEY,
	state BLOB NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE doc_updates (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	data BLOB NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX doc_updates_name ON doc_updates(name, id);

CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor_id TEXT,
	actor_label TEXT,
	agency TEXT,
	role TEXT,
	action TEXT NOT NULL,
	target TEXT,
	workshop_id TEXT,
	address TEXT,
	details TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_workshop ON audit_log(workshop_id, id);

CREATE TABLE audit_head (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	last_id INTEGER NOT NULL,
	last_hash TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`
	},
	{
		version: 2,
		name: 'private ratings of silent scoring rounds',
		sql: `
CREATE TABLE scoring_ratings (
	workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
	round_id TEXT NOT NULL,
	risk_id TEXT NOT NULL,
	user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	agency_id TEXT,
	name TEXT NOT NULL,
	severity INTEGER NOT NULL,
	likelihood INTEGER NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	at INTEGER NOT NULL,
	PRIMARY KEY (round_id, risk_id, user_id)
);
CREATE INDEX scoring_ratings_round ON scoring_ratings(workshop_id, round_id);
`
	},
	{
		version: 3,
		name: 'named versions of the protocol',
		sql: `
CREATE TABLE protocol_versions (
	id TEXT PRIMARY KEY,
	workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	content TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX protocol_versions_workshop ON protocol_versions(workshop_id, created_at);
`
	},
	{
		version: 4,
		name: 'frozen protocol versions and signatures',
		sql: `
CREATE TABLE protocol_freezes (
	id TEXT PRIMARY KEY,
	workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	snapshot TEXT NOT NULL,
	digest TEXT NOT NULL,
	expected TEXT NOT NULL,
	frozen_at INTEGER NOT NULL,
	frozen_by TEXT NOT NULL,
	voided_at INTEGER,
	voided_by TEXT,
	void_reason TEXT,
	UNIQUE (workshop_id, version)
);
CREATE INDEX protocol_freezes_digest ON protocol_freezes(digest);

CREATE TABLE protocol_signatures (
	id TEXT PRIMARY KEY,
	freeze_id TEXT NOT NULL REFERENCES protocol_freezes(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('approver', 'signatory', 'countersignatory')),
	user_id TEXT NOT NULL REFERENCES users(id),
	agency_id TEXT,
	decision TEXT NOT NULL CHECK (decision IN ('signed', 'declined')),
	full_name TEXT NOT NULL,
	title TEXT NOT NULL,
	attestations TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	digest TEXT NOT NULL,
	auth_method TEXT NOT NULL,
	address TEXT,
	user_agent TEXT,
	at INTEGER NOT NULL,
	UNIQUE (freeze_id, kind, user_id)
);
`
	},
	{
		version: 5,
		name: 'dot-vote ballots (kept on the server until the vote closes)',
		sql: `
CREATE TABLE vote_ballots (
	workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
	vote_id TEXT NOT NULL,
	user_id TEXT NOT NULL REFERENCES users(id),
	allocations TEXT NOT NULL,
	at INTEGER NOT NULL,
	PRIMARY KEY (vote_id, user_id)
);
`
	},
	{
		version: 6,
		// One B-tree instead of a table, its index and the AUTOINCREMENT counter: every keystroke is
		// one page written instead of three (docs/performance.md). Ids are given by the server
		// (SqlDocumentStore), in one sequence that never goes back while it runs.
		name: 'update log keyed by board',
		sql: `
CREATE TABLE doc_updates_by_board (
	name TEXT NOT NULL,
	id INTEGER NOT NULL,
	data BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (name, id)
) WITHOUT ROWID;
INSERT INTO doc_updates_by_board (name, id, data, created_at) SELECT name, id, data, created_at FROM doc_updates;
DROP TABLE doc_updates;
ALTER TABLE doc_updates_by_board RENAME TO doc_updates;
`
	},
	{
		version: 7,
		// Signatures keep the account's e-mail as it was when they signed. The audit chain is anchored:
		// the instance key signs its head at intervals and at every freeze, signature and export, so
		// a truncated or rewritten tail shows (docs/reliability.md, "what a forger can and cannot do").
		name: 'signer e-mail, signed audit anchors',
		sql: `
ALTER TABLE protocol_signatures ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE audit_anchors (
	id INTEGER PRIMARY KEY,
	entry_id INTEGER NOT NULL,
	entry_hash TEXT NOT NULL,
	at TEXT NOT NULL,
	reason TEXT NOT NULL,
	certificate TEXT NOT NULL,
	signature TEXT NOT NULL
);
CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors
	BEGIN SELECT RAISE(ABORT, 'audit anchors are append-only'); END;
CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors
	BEGIN SELECT RAISE(ABORT, 'audit anchors are append-only'); END;
`
	},
	{
		version: 8,
		// Points a board can be restored to: taken automatically before a board crosses its warning
		// size, and by a facilitator (or just before a restore, so a restore can itself be undone).
		name: 'board restore points, stored exports',
		sql: `
CREATE TABLE board_restore_points (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	reason TEXT NOT NULL,
	created_by TEXT NOT NULL,
	bytes INTEGER NOT NULL,
	state BLOB NOT NULL
);
CREATE INDEX board_restore_points_board ON board_restore_points(name, created_at);

-- Each export of a frozen version is made once per format and state of its signatures, then
-- served as stored: a second request costs no rendering.
CREATE TABLE protocol_exports (
	freeze_id TEXT NOT NULL REFERENCES protocol_freezes(id) ON DELETE CASCADE,
	format TEXT NOT NULL,
	variant TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	body BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (freeze_id, format, variant)
);
`
	},
	{
		version: 9,
		// Two people with the same name in one workshop are told apart: the one who joins second is
		// shown there with their e-mail (the account's own name does not change).
		name: 'display name within a workshop',
		sql: `ALTER TABLE memberships ADD COLUMN display_name TEXT;`
	},
	{
		version: 10,
		// Each organisation signs its own Terms of Use (or, for a government partner, the agreement in
		// lieu of them), one published version at a time, apart from the protocol's signatures.
		name: 'terms signatures',
		sql: `
CREATE TABLE terms_signatures (
	id TEXT PRIMARY KEY,
	workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
	agency_id TEXT NOT NULL,
	version INTEGER NOT NULL,
	user_id TEXT NOT NULL,
	full_name TEXT NOT NULL,
	email TEXT NOT NULL,
	title TEXT NOT NULL,
	digest TEXT NOT NULL,
	auth_method TEXT NOT NULL,
	address TEXT,
	user_agent TEXT,
	at INTEGER NOT NULL,
	UNIQUE (workshop_id, agency_id, version)
);
`
		},
	{
		version: 11,
		// The action plan after signing: what happens to each planned measure is recorded apart from
		// the signed protocol (which it cites by its freeze), change by change, each with the account
		// that made it; evidence files are kept with it, bounded in size.
		name: 'action-plan follow-up',
		sql: `
CREATE TABLE follow_up_events (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	freeze_id TEXT NOT NULL REFERENCES protocol_freezes(id) ON DELETE CASCADE,
	measure_id TEXT NOT NULL,
	at INTEGER NOT NULL,
	user_id TEXT NOT NULL,
	user_name TEXT NOT NULL,
	change TEXT NOT NULL
);
CREATE INDEX follow_up_events_freeze ON follow_up_events(freeze_id, seq);

CREATE TABLE follow_up_files (
	id TEXT PRIMARY KEY,
	freeze_id TEXT NOT NULL REFERENCES protocol_freezes(id) ON DELETE CASCADE,
	measure_id TEXT NOT NULL,
	name TEXT NOT NULL,
	bytes INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	body BLOB NOT NULL,
	at INTEGER NOT NULL,
	user_id TEXT NOT NULL
);
`
		},
	{
		version: 12,
		// Outgoing e-mail: each message that was sent (or failed), and for reminders a claim per
		// person and day, so nobody gets the same day's reminder twice whatever the timers do.
		name: 'mail log and quiet reminders',
		sql: `
CREATE TABLE mail_log (
	id TEXT PRIMARY KEY,
	workshop_id TEXT,
	kind TEXT NOT NULL,
	recipient TEXT NOT NULL,
	day TEXT NOT NULL,
	subject TEXT NOT NULL,
	status TEXT NOT NULL,
	error TEXT,
	at INTEGER NOT NULL
);
CREATE UNIQUE INDEX mail_log_reminder_once ON mail_log(workshop_id, recipient, day) WHERE kind = 'reminder';

CREATE TABLE reminder_quiet (
	workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
	user_id TEXT NOT NULL,
	PRIMARY KEY (workshop_id, user_id)
);
`
		},
	{
		version: 13,
		// A workshop's tailoring of its kit before the day: each change, in order, with who made it.
		// The kit files are never written; the workshop's kit is the standard one with these replayed.
		name: 'kit tailoring',
		sql: `
CREATE TABLE kit_changes (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	user_id TEXT NOT NULL,
	user_name TEXT NOT NULL,
	change TEXT NOT NULL
);
CREATE INDEX kit_changes_workshop ON kit_changes(workshop_id, seq);
`
	},
	{
		version: 14,
		// Password-guessing throttles and per-person rate limits, kept in the database so that they hold
		// across a restart and, on PostgreSQL, across every node (repositories/sql-limits.ts).
		name: 'throttles and rate limits',
		sql: `
CREATE TABLE throttle_state (
	kind TEXT NOT NULL,
	key TEXT NOT NULL,
	state TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (kind, key)
);
CREATE TABLE rate_events (
	kind TEXT NOT NULL,
	key TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX rate_events_key ON rate_events(kind, key, at);
`
	}
];
