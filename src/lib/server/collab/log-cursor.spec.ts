import { describe, expect, it } from 'vitest';
import { LogCursor } from './log-cursor';

const rows = (...ids: number[]) => ids.map((id) => ({ id }));

describe('LogCursor', () => {
	it("applies another node's rows once, in order, skipping this node's own", () => {
		const cursor = new LogCursor(5);
		cursor.own(7); // written here before row 6 from the other node was read
		expect(cursor.applied).toBe(5);
		expect(cursor.next).toBe(6);
		const { apply, complete } = cursor.take(rows(6, 7, 8));
		expect(apply.map((r) => r.id)).toEqual([6, 8]);
		expect(complete).toBe(true);
		expect(cursor.applied).toBe(8);
		expect(cursor.next).toBe(9);
		// read again (a second notice for the same rows): nothing twice
		expect(cursor.take(rows(7, 8)).apply).toEqual([]);
	});

	it("moves on by itself over this node's own consecutive rows", () => {
		const cursor = new LogCursor(0);
		cursor.own(1);
		cursor.own(2);
		expect(cursor.applied).toBe(2);
	});

	it('reports rows folded away before they were read, so that the snapshot is applied too', () => {
		const cursor = new LogCursor(5);
		cursor.own(9);
		const { apply, complete } = cursor.take(rows(10, 11));
		expect(complete).toBe(false);
		expect(apply.map((r) => r.id)).toEqual([10, 11]);
		expect(cursor.applied).toBe(11);
	});

	it('catches up to a snapshot', () => {
		const cursor = new LogCursor(3);
		cursor.own(6);
		cursor.caughtUpTo(5);
		expect(cursor.applied).toBe(6);
	});
});
