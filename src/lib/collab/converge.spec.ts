import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { convergeTo } from './converge';
import { serverOrigin } from './origins';
import { seedFragment, fragmentText } from './rich-text';

const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

describe('restoring a board by converging it forward', () => {
	it('brings every root back to an earlier state, in place, and a browser holding the newer content cannot bring it back', () => {
		const doc = new Y.Doc();
		const clauses = doc.getMap<Y.Map<string>>('clauses');
		const texts = doc.getMap<Y.XmlFragment>('texts');
		doc.transact(() => {
			const c = new Y.Map<string>();
			clauses.set('purpose', c);
			c.set('title', 'Purpose');
			const f = new Y.XmlFragment();
			texts.set('purpose', f);
			seedFragment(f, 'Case data serves case management only.');
			doc.getText('draft').insert(0, 'Terms v1');
		});
		const earlier = Y.encodeStateAsUpdate(doc);
		const fragment = texts.get('purpose')!;
		// then: junk everywhere, and a browser copies it
		const browser = new Y.Doc();
		doc.transact(() => {
			clauses.get('purpose')!.set('title', 'JUNK'.repeat(1000));
			clauses.set('junk', new Y.Map<string>());
			seedFragment(fragment, 'JUNK paragraph');
			doc.getText('draft').insert(0, 'JUNK ');
			doc.getMap('comments').set('c1', 'spam');
		});
		sync(doc, browser);

		const target = new Y.Doc();
		Y.applyUpdate(target, earlier);
		convergeTo(doc, target, ['draft'], serverOrigin);
		const expected = { clauses: { purpose: { title: 'Purpose' } }, comments: {} };
		expect({ clauses: clauses.toJSON(), comments: doc.getMap('comments').toJSON() }).toEqual(expected);
		expect(fragmentText(texts.get('purpose')!)).toBe('Case data serves case management only.');
		expect(texts.get('purpose')).toBe(fragment);
		expect(doc.getText('draft').toString()).toBe('Terms v1');

		// the browser that kept the junk offline reconnects: the junk stays gone
		sync(browser, doc);
		sync(doc, browser);
		expect(clauses.toJSON()).toEqual(expected.clauses);
		expect(fragmentText(texts.get('purpose')!)).toBe('Case data serves case management only.');
	});
});
