import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import { PRESENCE_BURST, PresenceRelay, REMOTE_PRESENCE_TTL_MS, type PresenceOwner, type PresenceViolation } from './presence-relay';
import type { PresenceRecord } from './messages';

function owner(name: string): PresenceOwner & { violations: PresenceViolation[] } {
	const violations: PresenceViolation[] = [];
	return {
		identity: { userId: name, name, agencyId: null, colour: '#000000', role: 'participant' },
		presenceId: null,
		presenceTokens: 40,
		presenceRefilledAt: 0,
		violations,
		noteViolation: (kind) => violations.push(kind)
	};
}

function update(id: number, clock: number, state: unknown): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, id);
	encoding.writeVarUint(e, clock);
	encoding.writeVarString(e, JSON.stringify(state));
	return encoding.toUint8Array(e);
}

const limits = { stateMaxBytes: 100, ratePerSecond: 20, flushMs: 10 };

describe('presence relay', () => {
	it('coalesces many changes into one broadcast', () => {
		vi.useFakeTimers();
		const frames: Uint8Array[] = [];
		const relay = new PresenceRelay(limits, (f) => frames.push(f));
		const a = owner('a');
		const b = owner('b');
		relay.receive(a, update(1, 1, { x: 1 }), 0);
		relay.receive(b, update(2, 1, { x: 2 }), 0);
		relay.receive(a, update(1, 2, { x: 3 }), 0);
		expect(frames).toHaveLength(0);
		vi.advanceTimersByTime(10);
		expect(frames).toHaveLength(1);
		vi.useRealTimers();
	});

	it('keeps one client id per connection and ignores ids held by others', () => {
		const relay = new PresenceRelay(limits, () => {});
		const a = owner('a');
		const b = owner('b');
		relay.receive(a, update(1, 1, {}), 0);
		relay.receive(b, update(1, 2, {}), 0);
		relay.receive(a, update(7, 1, {}), 0);
		expect(a.presenceId).toBe(1);
		expect(b.presenceId).toBeNull();
		expect(b.violations).toContain('spoofed-id');
		expect(a.violations).toContain('spoofed-id');
		expect(relay.size).toBe(1);
		relay.destroy();
	});

	it('limits the rate per connection, refilling over time', () => {
		const relay = new PresenceRelay(limits, () => {});
		const a = owner('a');
		let accepted = 0;
		for (let clock = 1; clock <= 100; clock++) {
			const before = a.violations.length;
			relay.receive(a, update(1, clock, {}), 0);
			if (a.violations.length === before) accepted++;
		}
		expect(accepted).toBe(40);
		relay.receive(a, update(1, 101, {}), 1000);
		expect(a.violations.filter((v) => v === 'rate-limited')).toHaveLength(60);
		relay.destroy();
	});

	it('ignores oversized or non-object states and writes the authenticated identity in', () => {
		const frames: Uint8Array[] = [];
		const relay = new PresenceRelay({ ...limits, flushMs: 0 }, (f) => frames.push(f));
		const a = owner('a');
		relay.receive(a, update(1, 1, { big: 'x'.repeat(200) }), 0);
		relay.receive(a, update(1, 2, [1, 2]), 0);
		expect(a.violations).toEqual(['state-too-large', 'not-an-object']);
		relay.receive(a, update(1, 3, { user: { name: 'Someone else' }, focus: 'x' }), 0);
		const snapshot = new TextDecoder().decode(relay.snapshotFrame()!);
		expect(snapshot).toContain('"name":"a"');
		expect(snapshot).not.toContain('Someone else');
		relay.destroy();
	});

	it('takes a stock client echoing others’ presence silently, without spending its own budget', () => {
		const relay = new PresenceRelay(limits, () => {});
		const a = owner('a');
		const b = owner('b');
		relay.receive(a, update(1, 1, { x: 1 }), 0);
		relay.receive(b, update(2, 1, { y: 1 }), 0);
		// b echoes a's state a hundred times (what y-websocket's provider does with everything it receives)
		for (let i = 0; i < 100; i++) relay.receive(b, update(1, 1, { x: 1 }), 0);
		expect(b.violations).toEqual([]);
		relay.receive(b, update(2, 2, { y: 2 }), 0);
		expect(b.violations).toEqual([]);
		// but a newer state for someone else's id is an attempt to speak for them
		relay.receive(b, update(1, 5, { x: 'forged' }), 0);
		expect(b.violations).toEqual(['spoofed-id']);
	});

	it('takes a late echo of a state that has already left silently (the fuzz test caught this race)', () => {
		const relay = new PresenceRelay(limits, () => {});
		const a = owner('a');
		const b = owner('b');
		relay.receive(a, update(1, 3, { x: 1 }), 0);
		relay.receive(b, update(2, 1, { y: 1 }), 0);
		// a leaves; its removal is relayed and forgotten...
		relay.removeOwner(a);
		relay.flush();
		expect(relay.size).toBe(1);
		// ...while b's echo of a's last state was still on its way
		relay.receive(b, update(1, 3, { x: 1 }), 0);
		expect(b.violations).toEqual([]);
		// a newer state for the departed id is still a forgery
		relay.receive(b, update(1, 9, { x: 'forged' }), 0);
		expect(b.violations).toEqual(['spoofed-id']);
		relay.destroy();
	});

	it('keeps one state for a connection that sends 10,000 different client ids', () => {
		const relay = new PresenceRelay({ ...limits, ratePerSecond: 1_000_000 }, () => {});
		const a = owner('a');
		a.presenceTokens = 1_000_000;
		for (let id = 1; id <= 10_000; id++) relay.receive(a, update(id, 1, { n: id }), 0);
		expect(relay.size).toBe(1);
		expect(a.presenceId).toBe(1);
		expect(a.violations.every((v) => v === 'spoofed-id')).toBe(true);
	});

	it('relays changes spread over time at once, and gathers only when the room is busy', () => {
		vi.useFakeTimers();
		try {
			const frames: Uint8Array[] = [];
			const relay = new PresenceRelay({ ...limits, flushMs: 20 }, (f) => frames.push(f));
			const people = Array.from({ length: PRESENCE_BURST + 2 }, (_, i) => owner(`p${i}`));
			// one change every 2 ms: the first PRESENCE_BURST go out in the same turn they arrive
			for (const [i, p] of people.slice(0, PRESENCE_BURST).entries()) {
				relay.receive(p, update(i + 1, 1, { x: i }), Date.now());
				vi.advanceTimersByTime(1);
				expect(frames).toHaveLength(i + 1);
				vi.advanceTimersByTime(1);
			}
			// the room is busy (PRESENCE_BURST broadcasts within 20 ms): the next two are gathered ...
			relay.receive(people[PRESENCE_BURST], update(PRESENCE_BURST + 1, 1, { x: 0 }), Date.now());
			relay.receive(people[PRESENCE_BURST + 1], update(PRESENCE_BURST + 2, 1, { x: 0 }), Date.now());
			vi.advanceTimersByTime(1);
			expect(frames).toHaveLength(PRESENCE_BURST);
			// ... and go out together when the first broadcast is 20 ms old
			vi.advanceTimersByTime(20 - 2 * PRESENCE_BURST - 1);
			expect(frames).toHaveLength(PRESENCE_BURST + 1);
			// a change after a quiet moment goes out at once again
			vi.advanceTimersByTime(100);
			relay.receive(people[0], update(1, 2, { x: 9 }), Date.now());
			vi.advanceTimersByTime(1);
			expect(frames).toHaveLength(PRESENCE_BURST + 2);
			relay.destroy();
		} finally {
			vi.useRealTimers();
		}
	});

	it("publishes its own connections' states to the other nodes, never theirs back, and lets no one here take their ids", () => {
		const published: PresenceRecord[][] = [];
		const relay = new PresenceRelay(limits, () => {}, (records) => published.push(records));
		const a = owner('a');
		relay.receive(a, update(1, 1, { x: 1 }), 0);
		relay.receiveRemote([{ clientId: 9, clock: 3, json: '{"user":{"name":"on node B"}}' }], 0);
		relay.flush();
		expect(published).toHaveLength(1);
		expect(published[0].map((r) => r.clientId)).toEqual([1]);
		expect(relay.size).toBe(2);
		// a connection here cannot speak for a person connected to another node
		const b = owner('b');
		relay.receive(b, update(9, 4, { x: 'forged' }), 0);
		expect(b.violations).toContain('spoofed-id');
		expect(b.presenceId).toBeNull();
		relay.destroy();
	});

	it("ends another node's states it stops hearing of (the node died)", () => {
		const frames: Uint8Array[] = [];
		const relay = new PresenceRelay(limits, (f) => frames.push(f), () => {});
		relay.receiveRemote([{ clientId: 9, clock: 3, json: '{}' }], 0);
		relay.flush();
		relay.expireRemote(REMOTE_PRESENCE_TTL_MS - 1);
		relay.flush();
		expect(frames).toHaveLength(1);
		relay.expireRemote(REMOTE_PRESENCE_TTL_MS + 1);
		relay.flush();
		expect(frames).toHaveLength(2);
		expect(relay.snapshotFrame()).toBeNull();
		relay.destroy();
	});
});
