import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { capture, deletion, sync } from '../../../../tests/fixtures/yjs-updates';
import type { ConnectionIdentity } from '../collab/types';
import { checkUpdate, isEmptyUpdate } from '../collab/update-guard';
import { touchedPaths } from '../collab/update-paths';
import { agencyOwnedKeys, allOf, serverOwnedRoots } from './rules';

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
