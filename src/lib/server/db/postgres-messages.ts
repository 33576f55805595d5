/** What the main thread asks of the PostgreSQL thread (postgres-thread.ts), and its answers. */
export type PgValue = string | number | bigint | null | Uint8Array | PgValue[];

export type PgCall =
	| { op: 'open'; url: string; statementTimeoutMs: number; connectTimeoutMs: number }
	| { op: 'query'; handle: number; sql: string; params: PgValue[]; rowMode?: 'array' }
	| { op: 'exec'; handle: number; sql: string }
	| { op: 'close'; handle: number };

export interface PgAnswer {
	handle?: number;
	rows?: unknown[];
	changes?: number;
	error?: { message: string; code?: string };
}
