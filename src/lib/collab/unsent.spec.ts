import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unsentTexts } from './unsent';

describe('unsentTexts', () => {
	it('lists only what was written after the confirmed state', () => {
		const doc = new Y.Doc();
		doc.getMap('items').set('a', 'Known to the server');
		const confirmed = Y.encodeStateVector(doc);
		doc.getMap('items').set('b', 'Written offline');
		doc.getText('notes').insert(0, 'A note typed offline');
		doc.getMap('items').set('n', 5);
		expect(unsentTexts(doc, confirmed)).toEqual(['Written offline', 'A note typed offline']);
	});

	it('is empty when nothing new was written', () => {
		const doc = new Y.Doc();
		doc.getMap('items').set('a', 'x');
		expect(unsentTexts(doc, Y.encodeStateVector(doc))).toEqual([]);
	});
});
