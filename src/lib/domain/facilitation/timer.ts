/**
 * The shared countdown of the running agenda item. Every time in it is the server's; each browser
 * corrects its own clock by an offset estimated from round trips, so a computer whose clock is
 * minutes off still shows the right time.
 */
export interface TimerState {
	itemId: string;
	durationMs: number;
	/** Server time the current run started, or null while paused or idle. */
	runningSince: number | null;
	/** Time already used before the current run (after pauses). */
	usedMs: number;
}

export const IDLE: TimerState = { itemId: '', durationMs: 0, runningSince: null, usedMs: 0 };

export function start(itemId: string, durationMs: number, serverNow: number): TimerState {
	return { itemId, durationMs, runningSince: serverNow, usedMs: 0 };
}

export function pause(t: TimerState, serverNow: number): TimerState {
	if (t.runningSince === null) return t;
	return { ...t, usedMs: t.usedMs + (serverNow - t.runningSince), runningSince: null };
}

export function resume(t: TimerState, serverNow: number): TimerState {
	return t.runningSince === null && t.itemId ? { ...t, runningSince: serverNow } : t;
}

export function extend(t: TimerState, ms: number): TimerState {
	return { ...t, durationMs: Math.max(0, t.durationMs + ms) };
}

export function usedMs(t: TimerState, serverNow: number): number {
	return t.usedMs + (t.runningSince === null ? 0 : Math.max(0, serverNow - t.runningSince));
}

/** Milliseconds left; negative once time is up. */
export function remainingMs(t: TimerState, serverNow: number): number {
	return t.durationMs - usedMs(t, serverNow);
}

export function formatCountdown(ms: number): string {
	const sign = ms < 0 ? '−' : '';
	const total = Math.floor(Math.abs(ms) / 1000);
	return `${sign}${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

export interface ClockSample {
	/** Local time the request left. */
	sent: number;
	/** Server time in the answer. */
	server: number;
	/** Local time the answer arrived. */
	received: number;
}

/**
 * Offset to add to the local clock to get the server's, from the sample with the shortest round
 * trip (the least delayed by the network), assuming the server read its clock half-way.
 */
export function estimateOffset(samples: readonly ClockSample[]): number {
	if (samples.length === 0) return 0;
	const best = [...samples].sort((a, b) => a.received - a.sent - (b.received - b.sent))[0];
	return best.server - (best.sent + best.received) / 2;
}
