import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

const hostile = [
	'Title line',
	'===',
	'# not a heading',
	'- not a list',
	'1. not a list either',
	'> not a quote',
	'---',
	'| a | b |',
	'|---|---|',
	'`code` and ``more``',
	'[a link](https://evil.example) ![an image](https://evil.example/x.png) <https://evil.example>',
	'<script>alert(1)</script> &amp; *em* _em_ **strong** ~~struck~~',
	'    four spaces would be code'
].join('\n');

describe('Markdown export', () => {
	it('renders people’s text as text: no heading, list, quote, rule, table, code, link, image, HTML or emphasis comes from it', () => {
		const out = renderMarkdown({ title: 'Protocol', subtitle: '', meta: [], parts: [{ kind: 'paragraph', text: hostile }, { kind: 'table', header: ['Risk', 'Owner'], rows: [[hostile, '| x |']] }, { kind: 'list', items: [hostile] }] });
		const html = new MarkdownIt({ html: true, linkify: false }).render(out);
		// the only structure is the document's own: its title, one paragraph, one table, one list
		expect(html.match(/<h\d/g)).toEqual(['<h1']);
		expect(html.match(/<table/g)).toHaveLength(1);
		expect(html.match(/<ul/g)).toHaveLength(1);
		for (const tag of ['<a ', '<img', '<code', '<pre', '<script', '<blockquote', '<hr', '<ol', '<em>', '<strong>', '<s>']) expect(html, tag).not.toContain(tag);
		// and the words are all there
		for (const words of ['not a heading', 'not a list either', 'alert(1)', 'https://evil.example', 'four spaces would be code']) expect(html).toContain(words);
	});

	it('renders a paragraph’s emphasis as the document’s own, and what people typed inside it as text', () => {
		const out = renderMarkdown({ title: 'Terms', subtitle: '', meta: [], parts: [{ kind: 'paragraph', text: '', runs: [{ text: '1. ' }, { text: 'Access.', bold: true }, { text: ' Accounts are ' }, { text: 'personal <b>x</b> *y*', italic: true }] }] });
		const html = new MarkdownIt({ html: true, linkify: false }).render(out);
		expect(html).toContain('<p>1. <strong>Access.</strong> Accounts are <em>personal &lt;b&gt;x&lt;/b&gt; *y*</em></p>');
		for (const tag of ['<ol', '<b>']) expect(html, tag).not.toContain(tag);
	});
});
