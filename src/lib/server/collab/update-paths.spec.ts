import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { ConnectionIdentity } from './connection';
import { agencyOwnedKeys, allOf, serverOwnedRoots } from './policies';
import { checkUpdate, isEmptyUpdate } from './update-guard';
import { isUnder, touchedPaths, UNPLACED } from './update-paths';

function sync(from: Y.Doc, to: Y.Doc) {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

function capture(doc: Y.Doc, fn: () => void): Uint8Array {
	const updates: Uint8Array[] = [];
	const h = (u: Uint8Array) => updates.push(u);
	doc.on('update', h);
	doc.transact(fn);
	doc.off('update', h);
	return updates.length ? updates[0] : (null as unknown as Uint8Array);
}

describe('touched paths', () => {
	it('names root keys and nested map keys', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const u1 = capture(client, () => {
			const risk = new Y.Map();
			client.getMap('risks').set('r1', risk);
			risk.set('title', 'Lost laptop');
		});
		expect(touchedPaths(u1, server)).toEqual(expect.arrayContaining([['risks', 'r1'], ['risks', 'r1', 'title']]));
		Y.applyUpdate(server, u1);
		const u2 = capture(client, () => (client.getMap('risks').get('r1') as Y.Map<string>).set('title', 'Stolen laptop'));
		expect(touchedPaths(u2, server)).toEqual([['risks', 'r1', 'title']]);
	});

	it('follows text typed inside a nested type to its map key', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const text = new Y.Text();
		Y.applyUpdate(server, capture(client, () => client.getMap('clauses').set('c1', text)));
		const typed = capture(client, () => text.insert(0, 'Hello'));
		expect(touchedPaths(typed, server)).toEqual([['clauses', 'c1']]);
		Y.applyUpdate(server, typed);
		const more = capture(client, () => text.insert(5, ' world'));
		expect(touchedPaths(more, server)).toEqual([['clauses', 'c1']]);
	});

	it('reports deletions of present content, and ignores deletions already applied', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		server.getMap('scoring').set('round', 'open');
		sync(server, client);
		const del = capture(client, () => client.getMap('scoring').delete('round'));
		expect(touchedPaths(del, server)).toEqual([['scoring', 'round']]);
		Y.applyUpdate(server, del);
		// a reconnecting client resends its whole delete set; nothing new is touched
		expect(touchedPaths(Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), server)).toEqual([]);
	});

	it('checks prefixes', () => {
		expect(isUnder(['risks', 'r1', 'title'], ['risks', 'r1'])).toBe(true);
		expect(isUnder(['risks'], ['risks', 'r1'])).toBe(false);
		expect(isUnder(['scoring', 'x'], ['scoring'])).toBe(true);
	});
});

/** A delete-only V1 update, as an attacker writes it: no structs, one deleted range. */
function deletion(client: number, clock: number, len: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, clock);
	encoding.writeVarUint(e, len);
	return encoding.toUint8Array(e);
}

const clockOf = (doc: Y.Doc) => Y.getState(doc.store, doc.clientID);

describe('deletions across garbage-collected content', () => {
	it('names what a deletion removes even when its range starts on a garbage-collected clock', () => {
		// Agency A agrees, withdraws (the server collects the old record), agrees again.
		const server = new Y.Doc();
		const a = new Y.Doc();
		const send = (fn: () => void) => Y.applyUpdate(server, capture(a, fn));
		const agree = () => {
			const record = new Y.Map<string>();
			a.getMap('positions').set('c1|A', record);
			record.set('value', 'agree');
		};
		send(agree);
		send(() => a.getMap('positions').delete('c1|A'));
		send(agree);
		expect(server.store.clients.get(a.clientID)!.some((s) => s instanceof Y.GC || (s instanceof Y.Item && s.content instanceof Y.ContentDeleted))).toBe(true);
		// Agency B's crafted update deletes from A's first clock (collected) to its last.
		const attack = deletion(a.clientID, 0, clockOf(a));
		const paths = touchedPaths(attack, server);
		expect(paths).toContainEqual(['positions', 'c1|A']);
	});

	it('refuses a deletion of clocks the server has never seen as a place it cannot name', () => {
		const server = new Y.Doc();
		const a = new Y.Doc();
		Y.applyUpdate(server, capture(a, () => a.getMap('m').set('k', 'v')));
		expect(touchedPaths(deletion(a.clientID, 0, 50), server)).toContainEqual(UNPLACED);
		expect(touchedPaths(deletion(424242, 0, 1), server)).toContainEqual(UNPLACED);
	});
});

/**
 * Random histories: several clients of two agencies write positions (their own agency's only),
 * withdraw them, agree again and edit a shared root, while the server writes a root of its own;
 * the server collects deleted content. Between honest edits, crafted delete-only updates name
 * random clock ranges of random clients. Every update the policy accepts is applied, and no
 * accepted update may change what its sender must not write.
 */
describe('write policies over random histories (property)', () => {
	function random(seed: number) {
		let t = seed >>> 0;
		return () => {
			t = (t + 0x6d2b79f5) >>> 0;
			let r = Math.imul(t ^ (t >>> 15), 1 | t);
			r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
			return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
		};
	}
	const policy = allOf(serverOwnedRoots(['resets']), agencyOwnedKeys('positions'));
	const forbidden = (doc: Y.Doc, agency: string) =>
		JSON.stringify({
			resets: doc.getMap('resets').toJSON(),
			others: Object.entries(doc.getMap('positions').toJSON()).filter(([k]) => !k.endsWith(`|${agency}`))
		});

	it('never lets a forbidden path change, over 300 histories', () => {
		expect.hasAssertions();
		let refusedAttacks = 0;
		for (let seed = 1; seed <= 300; seed++) {
			const rnd = random(seed);
			const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
			const server = new Y.Doc();
			const clients = ['A', 'A', 'B', 'B'].map((agency, i) => ({ agency, userId: `u${i}`, doc: new Y.Doc() }));
			const deliver = (from: (typeof clients)[number], update: Uint8Array) => {
				const verdict = checkUpdate(update, server);
				if (!verdict.ok || isEmptyUpdate(verdict.diff)) return false;
				const writer = { agencyId: from.agency, role: 'participant' } as ConnectionIdentity;
				if (policy(touchedPaths(verdict.diff, server, verdict.decoded), writer, server)) return false;
				const before = forbidden(server, from.agency);
				Y.applyUpdate(server, verdict.diff);
				expect(forbidden(server, from.agency), `seed ${seed}`).toBe(before);
				return true;
			};
			for (let step = 0; step < 40; step++) {
				const c = pick(clients);
				sync(server, c.doc);
				const roll = rnd();
				if (roll < 0.15) {
					server.transact(() => server.getMap('resets').set(pick(['c1', 'c2']), `${seed}:${step}`));
					continue;
				}
				if (roll < 0.35) {
					// a crafted deletion of a random clock range of a random known client
					const known = [...server.store.clients.keys()];
					if (known.length === 0) continue;
					const client = pick(known);
					const state = Y.getState(server.store, client);
					const from = Math.floor(rnd() * Math.max(1, state));
					const attack = deletion(client, from, 1 + Math.floor(rnd() * (state - from + 3)));
					if (!deliver(c, attack)) refusedAttacks++;
					continue;
				}
				const key = `${pick(['c1', 'c2'])}|${c.agency}`;
				const update = capture(c.doc, () => {
					const positions = c.doc.getMap('positions');
					if (roll < 0.55 && positions.has(key)) positions.delete(key);
					else if (roll < 0.8) {
						const record = new Y.Map<string>();
						positions.set(key, record);
						record.set('value', pick(['agree', 'object', 'reservation']));
					} else c.doc.getMap('notes').set(pick(['x', 'y']), `${c.userId}:${step}`);
				});
				if (update) deliver(c, update);
			}
		}
		expect(refusedAttacks).toBeGreaterThan(0);
	});
});
