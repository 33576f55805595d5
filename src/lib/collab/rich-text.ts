import * as Y from 'yjs';

/**
 * Clause texts are Y.XmlFragments in the shape Tiptap's Collaboration extension edits
 * (paragraph, heading, bulletList/orderedList > listItem > paragraph, table > tableRow > tableCell).
 * These helpers let the server seed them and everyone read them without an editor.
 */
export type Block =
	| { type: 'paragraph'; text: string }
	| { type: 'heading'; level: number; text: string }
	| { type: 'list'; ordered: boolean; items: string[] }
	| { type: 'table'; rows: string[][] };

function paragraph(text: string): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	if (text) p.insert(0, [new Y.XmlText(text)]);
	return p;
}

/** Fills an empty fragment from plain text: blank lines separate paragraphs, "- " lines make a list. */
export function seedFragment(fragment: Y.XmlFragment, text: string): void {
	const blocks: Y.XmlElement[] = [];
	for (const chunk of text.split(/\n\s*\n/)) {
		const lines = chunk.split('\n').filter((l) => l.trim());
		const intro = lines.filter((l) => !l.startsWith('- '));
		const items = lines.filter((l) => l.startsWith('- '));
		if (intro.length) blocks.push(paragraph(intro.join(' ')));
		if (items.length) {
			const list = new Y.XmlElement('bulletList');
			list.insert(
				0,
				items.map((item) => {
					const li = new Y.XmlElement('listItem');
					li.insert(0, [paragraph(item.slice(2))]);
					return li;
				})
			);
			blocks.push(list);
		}
	}
	fragment.insert(fragment.length, blocks);
}


function plain(node: Y.XmlElement | Y.XmlText): string {
	if (node instanceof Y.XmlText) {
		return (node.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
	}
	return node
		.toArray()
		.map((c) => plain(c as Y.XmlElement | Y.XmlText))
		.join('');
}

export function fragmentToBlocks(fragment: Y.XmlFragment): Block[] {
	const out: Block[] = [];
	for (const node of fragment.toArray()) {
		if (!(node instanceof Y.XmlElement)) continue;
		const name = node.nodeName;
		if (name === 'heading') out.push({ type: 'heading', level: Number(node.getAttribute('level')) || 2, text: plain(node) });
		else if (name === 'bulletList' || name === 'orderedList') {
			out.push({ type: 'list', ordered: name === 'orderedList', items: node.toArray().map((li) => plain(li as Y.XmlElement)) });
		} else if (name === 'table') {
			out.push({ type: 'table', rows: node.toArray().map((row) => (row as Y.XmlElement).toArray().map((cell) => plain(cell as Y.XmlElement))) });
		} else out.push({ type: 'paragraph', text: plain(node) });
	}
	return out;
}

/** Plain text of a clause, one block per line, for versions, comparisons and the personal-data guard. */
export function blocksToText(blocks: readonly Block[]): string {
	return blocks
		.map((b) => {
			if (b.type === 'list') return b.items.map((i, n) => `${b.ordered ? `${n + 1}.` : '-'} ${i}`).join('\n');
			if (b.type === 'table') return b.rows.map((r) => r.join(' | ')).join('\n');
			return b.text;
		})
		.join('\n');
}

export const fragmentText = (fragment: Y.XmlFragment): string => blocksToText(fragmentToBlocks(fragment));
