import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { numberPlaceholders } from './postgres';
import { POSTGRES_MIGRATIONS } from './postgres-schema';

describe('PostgreSQL dialect', () => {
	it("numbers SQLite's placeholders, leaving quoted text alone", () => {
		expect(numberPlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
		expect(numberPlaceholders(`SELECT '?' AS "?", x FROM t WHERE y = ?`)).toBe(`SELECT '?' AS "?", x FROM t WHERE y = $1`);
		expect(numberPlaceholders("SELECT 'it''s ?' WHERE z = ?")).toBe("SELECT 'it''s ?' WHERE z = $1");
	});

	it('keeps the PostgreSQL schema at the same version as SQLite', () => {
		// a migration added for SQLite must be added for PostgreSQL too, with the same number
		expect(POSTGRES_MIGRATIONS.at(-1)!.version).toBe(MIGRATIONS.at(-1)!.version);
		const versions = POSTGRES_MIGRATIONS.map((m) => m.version);
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
	});
});
