import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { fragmentText, fragmentToBlocks, seedFragment } from './rich-text';

describe('clause rich text', () => {
	it('seeds paragraphs and lists and reads them back', () => {
		const doc = new Y.Doc();
		const fragment = doc.getXmlFragment('t');
		seedFragment(fragment, 'Intro line.\n\nIt covers:\n- one;\n- two.\n\nLast.');
		expect(fragmentToBlocks(fragment)).toEqual([
			{ type: 'paragraph', text: 'Intro line.' },
			{ type: 'paragraph', text: 'It covers:' },
			{ type: 'list', ordered: false, items: ['one;', 'two.'] },
			{ type: 'paragraph', text: 'Last.' }
		]);
		expect(fragmentText(fragment)).toBe('Intro line.\nIt covers:\n- one;\n- two.\nLast.');
	});

	it('reads formatted text as plain text', () => {
		const doc = new Y.Doc();
		const fragment = doc.getXmlFragment('t');
		const p = new Y.XmlElement('paragraph');
		const text = new Y.XmlText();
		p.insert(0, [text]);
		fragment.insert(0, [p]);
		text.insert(0, 'bold', { bold: true });
		text.insert(4, ' and plain');
		expect(fragmentText(fragment)).toBe('bold and plain');
	});
});
