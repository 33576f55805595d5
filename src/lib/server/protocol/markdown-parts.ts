import MarkdownIt from 'markdown-it';
import type { Part, Run } from '../../domain/protocol/document-model';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** CommonMark without raw HTML: a tag in the Terms stays text, never markup. */
const parser = new MarkdownIt('commonmark', { html: false });

/** A paragraph's inline tokens as runs of text with their emphasis; links keep their address, in brackets. */
function runsOf(inline: Token | undefined): Run[] {
	const runs: Run[] = [];
	let bold = 0;
	let italic = 0;
	const push = (text: string) => {
		if (!text) return;
		const last = runs[runs.length - 1];
		const style = { bold: bold > 0, italic: italic > 0 };
		if (last && Boolean(last.bold) === style.bold && Boolean(last.italic) === style.italic) last.text += text;
		else runs.push({ text, ...(style.bold ? { bold: true } : {}), ...(style.italic ? { italic: true } : {}) });
	};
	let href = '';
	for (const t of inline?.children ?? []) {
		if (t.type === 'strong_open') bold++;
		else if (t.type === 'strong_close') bold--;
		else if (t.type === 'em_open') italic++;
		else if (t.type === 'em_close') italic--;
		else if (t.type === 'softbreak' || t.type === 'hardbreak') push(' ');
		else if (t.type === 'link_open') href = t.attrGet('href') ?? '';
		else if (t.type === 'link_close') {
			if (href) push(` (${href})`);
			href = '';
		} else if (t.type === 'image') push(t.content);
		else push(t.content);
	}
	return runs;
}

const plain = (runs: Run[]) => runs.map((r) => r.text).join('');

/**
 * Text written in Markdown (the Terms of Use, as published on their board) as the document's parts,
 * so that every export prints headings, numbered points and emphasis instead of `#` and `**`.
 * Headings sit under the section that quotes the text (`#` becomes `base`, `##` the level below);
 * a numbered or bulleted point becomes a paragraph of its own, led by its number or a bullet, so
 * that its emphasis survives in every format.
 */
export function markdownParts(text: string, base: 1 | 2 | 3 = 3): Part[] {
	const tokens = parser.parse(text, {});
	const parts: Part[] = [];
	const lists: { ordered: boolean; next: number }[] = [];
	let lead = '';
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i];
		if (t.type === 'heading_open') {
			const level = Math.min(3, base + Number(t.tag.slice(1)) - 1) as 1 | 2 | 3;
			parts.push({ kind: 'heading', level, text: plain(runsOf(tokens[i + 1])) });
			i += 2;
		} else if (t.type === 'bullet_list_open') lists.push({ ordered: false, next: 0 });
		else if (t.type === 'ordered_list_open') lists.push({ ordered: true, next: Number(t.attrGet('start') ?? 1) });
		else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') lists.pop();
		else if (t.type === 'list_item_open') {
			const list = lists[lists.length - 1];
			lead = `${'    '.repeat(Math.max(0, lists.length - 1))}${list.ordered ? `${list.next++}.` : '•'} `;
		} else if (t.type === 'paragraph_open') {
			const runs = runsOf(tokens[i + 1]);
			if (lead) runs.unshift({ text: lead });
			lead = '';
			const whole = plain(runs);
			if (whole.trim()) parts.push(runs.some((r) => r.bold || r.italic) ? { kind: 'paragraph', text: whole, runs } : { kind: 'paragraph', text: whole });
			i += 2;
		} else if (t.type === 'fence' || t.type === 'code_block') {
			for (const line of t.content.split('\n')) if (line.trim()) parts.push({ kind: 'paragraph', text: line });
		} else if (t.type === 'hr') parts.push({ kind: 'paragraph', text: '—' });
	}
	return parts;
}
