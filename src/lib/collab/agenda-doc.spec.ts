import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { AgendaDoc } from './agenda-doc';
import { serverOrigin, userOrigin } from './origins';

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('agenda document', () => {
	it('seeds items in order with a schema version', () => {
		const agenda = new AgendaDoc(new Y.Doc());
		agenda.seed(
			[
				{ id: 'a', title: 'Welcome', minutes: 30, owner: 'Facilitator', board: 'general' },
				{ id: 'b', title: 'Risks', minutes: 90, owner: 'Focal points', board: 'dpia' }
			],
			serverOrigin
		);
		expect(agenda.items().map((i) => i.id)).toEqual(['a', 'b']);
		expect(agenda.schemaVersion()).toBe(1);
	});

	it('converges when two people edit different fields of one item and move another', () => {
		const a = new AgendaDoc(new Y.Doc());
		a.seed(
			[
				{ id: 'x', title: 'Welcome', minutes: 30, owner: '', board: 'general' },
				{ id: 'y', title: 'Risks', minutes: 90, owner: '', board: 'dpia' }
			],
			serverOrigin
		);
		const b = new AgendaDoc(new Y.Doc());
		sync(a.doc, b.doc);
		a.update('x', { title: 'Welcome and rules' }, userOrigin(1));
		b.update('x', { minutes: 45 }, userOrigin(2));
		b.update('y', { position: 0 }, userOrigin(2));
		sync(a.doc, b.doc);
		expect(a.items()).toEqual(b.items());
		expect(a.items().map((i) => [i.id, i.title, i.minutes])).toEqual([
			['y', 'Risks', 90],
			['x', 'Welcome and rules', 45]
		]);
	});

	it('clamps and trims what it writes and reads', () => {
		const agenda = new AgendaDoc(new Y.Doc());
		agenda.add({ id: 'a', title: 't'.repeat(500), minutes: 9_999, owner: '', board: 'general', position: 1 }, serverOrigin);
		const [item] = agenda.items();
		expect(item.title).toHaveLength(200);
		expect(item.minutes).toBe(480);
	});
});
