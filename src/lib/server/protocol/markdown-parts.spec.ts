import { describe, expect, it } from 'vitest';
import { markdownParts } from './markdown-parts';

describe('the Terms, from Markdown to the document', () => {
	it('turns headings, numbered points and emphasis into parts, with no Markdown syntax left in the text', () => {
		const parts = markdownParts(['# Terms of Use', '', '1. **Access.** Accounts are *personal*.', '2. **Duties.** Keep your', 'password secret.', '', '## Changes', '', '- told of any change', '- asked again'].join('\n'), 2);
		expect(parts).toEqual([
			{ kind: 'heading', level: 2, text: 'Terms of Use' },
			{ kind: 'paragraph', text: '1. Access. Accounts are personal.', runs: [{ text: '1. ' }, { text: 'Access.', bold: true }, { text: ' Accounts are ' }, { text: 'personal', italic: true }, { text: '.' }] },
			{ kind: 'paragraph', text: '2. Duties. Keep your password secret.', runs: [{ text: '2. ' }, { text: 'Duties.', bold: true }, { text: ' Keep your password secret.' }] },
			{ kind: 'heading', level: 3, text: 'Changes' },
			{ kind: 'paragraph', text: '• told of any change' },
			{ kind: 'paragraph', text: '• asked again' }
		]);
	});

	it('keeps raw HTML as text and a link with its address, so nothing in the Terms becomes markup', () => {
		const parts = markdownParts('<script>alert(1)</script> see [the policy](https://example.org/p)', 3);
		expect(parts).toEqual([{ kind: 'paragraph', text: '<script>alert(1)</script> see the policy (https://example.org/p)' }]);
	});

	it('keeps the numbering of a list that starts elsewhere than 1', () => {
		expect(markdownParts('4. Fourth\n5. Fifth').map((p) => (p.kind === 'paragraph' ? p.text : ''))).toEqual(['4. Fourth', '5. Fifth']);
	});
});
