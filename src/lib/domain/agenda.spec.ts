import { describe, expect, it } from 'vitest';
import { clampMinutes, formatClock, schedule, sortAgenda, totalMinutes } from './agenda';

describe('agenda ordering', () => {
	it('sorts by position then id', () => {
		const items = [
			{ id: 'b', position: 2 },
			{ id: 'c', position: 1 },
			{ id: 'a', position: 2 }
		];
		expect(sortAgenda(items).map((i) => i.id)).toEqual(['c', 'a', 'b']);
	});
});

describe('agenda schedule', () => {
	it('computes start and end times', () => {
		const s = schedule([{ minutes: 30 }, { minutes: 90 }], '09:00');
		expect(s.map((x) => [formatClock(x.start), formatClock(x.end)])).toEqual([
			['09:00', '09:30'],
			['09:30', '11:00']
		]);
		expect(totalMinutes([{ minutes: 30 }, { minutes: 90 }])).toBe(120);
	});

	it('keeps time boxes within bounds', () => {
		expect(clampMinutes(0)).toBe(1);
		expect(clampMinutes(1000)).toBe(480);
		expect(clampMinutes(Number.NaN)).toBe(1);
		expect(clampMinutes(12.6)).toBe(13);
	});
});
