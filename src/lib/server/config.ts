import path from 'node:path';
import { z } from 'zod';
import type { CollabLimits } from './collab/types';

/**
 * Configuration, validated once at start-up from the environment. Everything else receives it
 * as an argument; no module reads process.env on its own.
 */
const boolFlag = z
	.enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
	.transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	ORIGIN: z.url({ message: 'ORIGIN must be the public address, such as https://accord.example.org' }).optional(),
	DATA_DIR: z.string().min(1).default('./data'),
	// PostgreSQL instead of the embedded SQLite file, for several nodes on one database (docs/operations.md)
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a PostgreSQL address, such as postgres://accord:password@db.example.org:5432/accord' })
		.optional()
		.or(z.literal('').transform(() => undefined)),
	KITS_DIR: z.string().min(1).default('./workshop-kits'),
	ACCORD_DEMO: boolFlag.default(false),
	ACCORD_RECORD_ADDRESSES: boolFlag.default(true),
	ACCORD_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(2 * 1024 * 1024),
	ACCORD_DOC_WARN_BYTES: z.coerce.number().int().min(1024).default(2 * 1024 * 1024),
	ACCORD_DOC_MAX_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
	ACCORD_ROOM_UNLOAD_MS: z.coerce.number().int().min(0).max(30_000).default(10_000),
	ACCORD_MAX_ROOMS: z.coerce.number().int().min(1).default(2000),
	ACCORD_WRITE_BYTES_PER_MINUTE: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
	ACCORD_WRITES_PER_MINUTE: z.coerce.number().int().min(10).default(3000),
	ACCORD_MAX_CONNECTIONS_PER_PERSON: z.coerce.number().int().min(1).default(20),
	ACCORD_PING_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
	ACCORD_DB_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(10_000).default(100),
	ACCORD_SESSION_DAYS: z.coerce.number().min(1).max(90).default(7),
	ACCORD_IDLE_HOURS: z.coerce.number().min(1).max(24 * 30).default(24),
	// how many reverse proxies in front of Accord append to X-Forwarded-For: 0 (off), 1 ("1", "true"), 2, ...
	ACCORD_TRUST_PROXY: z
		.union([z.enum(['true', 'yes', 'false', 'no', '']).transform((v) => (v === 'true' || v === 'yes' ? 1 : 0)), z.coerce.number().int().min(0).max(10)])
		.default(0),
	ACCORD_DECISION_SETTLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
	// for diagnosis and benchmarks only: render exports on the main thread, and do not keep them
	ACCORD_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024 * 1024).max(200 * 1024 * 1024).default(25 * 1024 * 1024),
	ACCORD_EXPORTS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
	ACCORD_RENDER_IN_PROCESS: boolFlag.default(false),
	ACCORD_EXPORT_CACHE: boolFlag.default(true),
	ACCORD_SIGNING_P12: z.string().min(1).optional(),
	ACCORD_SIGNING_P12_PASSWORD: z.string().optional(),
	// outgoing e-mail (invitations, reminders): an SMTP server's address, with its user and password if it needs them
	ACCORD_SMTP_URL: z
		.string()
		.regex(/^smtps?:\/\/[^\s/]+(:\d+)?\/?(\?.*)?$/, { message: 'ACCORD_SMTP_URL must look like smtp://user:password@mail.example.org:587 or smtps://…:465' })
		.optional()
		.or(z.literal('').transform(() => undefined)),
	ACCORD_MAIL_FROM: z.email({ message: 'ACCORD_MAIL_FROM must be the sender address, such as accord@example.org' }).optional().or(z.literal('').transform(() => undefined))
});

export type { CollabLimits };

export interface Config {
	port: number;
	host: string;
	origin: string;
	dataDir: string;
	databaseFile: string;
	/** PostgreSQL's address when Accord keeps its data there instead of in `databaseFile`. */
	databaseUrl: string | null;
	/** How long a write waits for a lock held by another process (the wait blocks the server). */
	dbBusyTimeoutMs: number;
	kitsDir: string;
	demo: boolean;
	recordAddresses: boolean;
	/** Reverse proxies trusted to append the client's address to X-Forwarded-For (0: none). */
	trustProxy: number;
	/** An operator's own PKCS#12 for sealing exports; otherwise one is created in DATA_DIR/signing. */
	signingP12: { path: string; passphrase: string } | null;
	sessionMs: number;
	idleMs: number;
	/** How long a risk acceptance or the audit-log decision must stay unchanged before it is logged. */
	decisionSettleMs: number;
	/** Render PDF and DOCX on the main thread instead of the export worker (diagnosis and benchmarks). */
	renderInProcess: boolean;
	/** Exports one person may ask for per minute. */
	exportsPerMinute: number;
	/** The largest request body accepted (a protocol uploaded to /verify); server.js gives it to adapter-node. */
	maxUploadBytes: number;
	/** Keep each export once made and serve it again. */
	exportCache: boolean;
	/** Outgoing e-mail; null when not configured (Accord then shows each message and link to copy). */
	mail: { smtpUrl: string; from: string } | null;
	collab: CollabLimits;
}

export const DEFAULT_COLLAB_LIMITS: CollabLimits = {
	maxMessageBytes: 2 * 1024 * 1024,
	docWarnBytes: 2 * 1024 * 1024,
	docMaxBytes: 10 * 1024 * 1024,
	roomUnloadMs: 10_000,
	maxRooms: 2000,
	awarenessStateMaxBytes: 8 * 1024,
	awarenessRatePerSecond: 20,
	awarenessFlushMs: 20,
	compactAfterRows: 500,
	compactAfterBytes: 1024 * 1024,
	writeBytesPerMinute: 4 * 1024 * 1024,
	writesPerMinute: 3000,
	maxConnectionsPerPerson: 20,
	pingIntervalMs: 30_000
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): Config {
	const result = envSchema.safeParse(env);
	if (!result.success) {
		const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Accord's configuration is not valid:\n${lines.join('\n')}`);
	}
	const e = result.data;
	if (e.ACCORD_DOC_WARN_BYTES > e.ACCORD_DOC_MAX_BYTES) {
		throw new ConfigError("Accord's configuration is not valid:\n  ACCORD_DOC_WARN_BYTES must not exceed ACCORD_DOC_MAX_BYTES");
	}
	if (e.ACCORD_SMTP_URL && !e.ACCORD_MAIL_FROM) {
		throw new ConfigError("Accord's configuration is not valid:\n  ACCORD_MAIL_FROM: the sender address is needed when ACCORD_SMTP_URL is set");
	}
	const dataDir = path.resolve(e.DATA_DIR);
	return {
		port: e.PORT,
		host: e.HOST,
		origin: (e.ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
		dataDir,
		databaseFile: path.join(dataDir, 'accord.sqlite'),
		databaseUrl: e.DATABASE_URL ?? null,
		dbBusyTimeoutMs: e.ACCORD_DB_BUSY_TIMEOUT_MS,
		kitsDir: path.resolve(e.KITS_DIR),
		demo: e.ACCORD_DEMO,
		recordAddresses: e.ACCORD_RECORD_ADDRESSES,
		trustProxy: e.ACCORD_TRUST_PROXY,
		signingP12: e.ACCORD_SIGNING_P12 ? { path: path.resolve(e.ACCORD_SIGNING_P12), passphrase: e.ACCORD_SIGNING_P12_PASSWORD ?? '' } : null,
		sessionMs: e.ACCORD_SESSION_DAYS * 86_400_000,
		idleMs: e.ACCORD_IDLE_HOURS * 3_600_000,
		decisionSettleMs: e.ACCORD_DECISION_SETTLE_SECONDS * 1000,
		renderInProcess: e.ACCORD_RENDER_IN_PROCESS,
		exportsPerMinute: e.ACCORD_EXPORTS_PER_MINUTE,
		maxUploadBytes: e.ACCORD_MAX_UPLOAD_BYTES,
		exportCache: e.ACCORD_EXPORT_CACHE,
		mail: e.ACCORD_SMTP_URL && e.ACCORD_MAIL_FROM ? { smtpUrl: e.ACCORD_SMTP_URL, from: e.ACCORD_MAIL_FROM } : null,
		collab: {
			...DEFAULT_COLLAB_LIMITS,
			maxMessageBytes: e.ACCORD_MAX_MESSAGE_BYTES,
			docWarnBytes: e.ACCORD_DOC_WARN_BYTES,
			docMaxBytes: e.ACCORD_DOC_MAX_BYTES,
			roomUnloadMs: e.ACCORD_ROOM_UNLOAD_MS,
			maxRooms: e.ACCORD_MAX_ROOMS,
			writeBytesPerMinute: e.ACCORD_WRITE_BYTES_PER_MINUTE,
			writesPerMinute: e.ACCORD_WRITES_PER_MINUTE,
			maxConnectionsPerPerson: e.ACCORD_MAX_CONNECTIONS_PER_PERSON,
			pingIntervalMs: e.ACCORD_PING_INTERVAL_MS
		}
	};
}
