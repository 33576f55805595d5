/**
 * WebSocket close codes used by Accord's collaboration server (documented in docs/architecture.md).
 * 4xxx codes mean "do not retry": the browser stops its provider and tells the user why.
 * 1012 and 4503 are transient: the browser keeps reconnecting.
 */
export const CloseCode = {
	/** Server restarting or shutting down; reconnect. */
	ServiceRestart: 1012,
	/** The writer used up their write budget for the minute; reconnect (and resend) a little later. */
	SlowDown: 1013,
	/** A frame larger than the configured limit (sent by the ws library). */
	MessageTooBig: 1009,
	/** A frame that is not a valid y-websocket message, or an update that does not decode. */
	MalformedMessage: 4400,
	/** The session ended (signed out, expired). */
	SessionEnded: 4401,
	/** The member was removed from the workshop. */
	MemberRemoved: 4403,
	/** The member's role changed; reload to get the new permissions. */
	PermissionsChanged: 4409,
	/** The document reached its size limit; no more writes are accepted. */
	DocumentTooLarge: 4413,
	/** An update referenced content the server does not have (it would stay pending). */
	MissingDependencies: 4422,
	/** An update wrote where this connection may not write (a server-owned part, a lock). */
	ForbiddenWrite: 4423,
	/** Too many messages, or the server refuses new rooms. */
	TooManyRequests: 4429,
	/** The board could not be loaded from storage. */
	LoadFailed: 4500,
	/** Storage refused a write; nothing was lost, reconnect to resend. */
	StorageUnavailable: 4503
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which the browser should stop reconnecting. */
export function isFinalClose(code: number): boolean {
	return code >= 4400 && code < 4500;
}

/** The reasons the access check (and the upgrade) refuses a connection. */
export type AccessRefusal = 'unauthenticated' | 'bad-origin' | 'not-member' | 'unknown-board' | 'load-failed' | 'busy' | 'too-many-connections';

export const REFUSAL_STATUS: Record<AccessRefusal, number> = {
	unauthenticated: 401,
	'bad-origin': 403,
	'not-member': 403,
	'unknown-board': 404,
	'load-failed': 500,
	/** The server holds as many boards as it is allowed to: try again when one unloads. */
	busy: 503,
	/** This person already holds as many board connections as one person may (other tabs, devices). */
	'too-many-connections': 429
};
