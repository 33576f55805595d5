/** The workshop agenda: pure rules shared by the board, the server seed and later the timer. */
export const AGENDA_BOARDS = ['general', 'agenda', 'dpia', 'dpisp', 'terms', 'breach'] as const;
export type AgendaBoard = (typeof AGENDA_BOARDS)[number];

export interface AgendaItem {
	id: string;
	title: string;
	minutes: number;
	owner: string;
	board: AgendaBoard;
	/** Sort key. Items are ordered by position, then id, so concurrent moves never lose an item. */
	position: number;
}

export const AGENDA_LIMITS = { titleMax: 200, ownerMax: 120, minutesMin: 1, minutesMax: 480 } as const;

export function sortAgenda<T extends Pick<AgendaItem, 'position' | 'id'>>(items: readonly T[]): T[] {
	return [...items].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function clampMinutes(value: number): number {
	if (!Number.isFinite(value)) return AGENDA_LIMITS.minutesMin;
	return Math.min(AGENDA_LIMITS.minutesMax, Math.max(AGENDA_LIMITS.minutesMin, Math.round(value)));
}

export interface ScheduledItem<T> {
	item: T;
	/** Minutes after midnight. */
	start: number;
	end: number;
}

/** Start and end of each item from the day's start time ("HH:MM"). */
export function schedule<T extends Pick<AgendaItem, 'minutes'>>(items: readonly T[], startTime: string): ScheduledItem<T>[] {
	const [h, m] = startTime.split(':').map(Number);
	let t = h * 60 + m;
	return items.map((item) => {
		const start = t;
		t += item.minutes;
		return { item, start, end: t };
	});
}

export function formatClock(minutesAfterMidnight: number): string {
	const m = ((minutesAfterMidnight % 1440) + 1440) % 1440;
	return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function totalMinutes(items: readonly Pick<AgendaItem, 'minutes'>[]): number {
	return items.reduce((sum, i) => sum + i.minutes, 0);
}
