import type { ProtocolDocument } from './document';

/**
 * People's text, written so that no Markdown reader takes any of it for syntax: characters that mark
 * emphasis, code, links, images, tables, HTML, entities or strikethrough are escaped anywhere, and
 * what would start a heading, a quote, a list or a rule (`#`, `=`, `-`, `+`, `>`, `1.`) is escaped at
 * the start of every line (and leading spaces, which would make code, are dropped).
 */
const md = (text: unknown) =>
	String(text ?? '')
		.replace(/([\\`*_[\]#|<>~&!])/g, '\\$1')
		.split('\n')
		.map((line) => line.replace(/^[ \t]+/, '').replace(/^([=+-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2'))
		.join('  \n');

/** A run with its emphasis; the spaces around it stay outside the markers, as Markdown needs. */
function emphasised(text: string, bold?: boolean, italic?: boolean): string {
	const marks = `${bold ? '**' : ''}${italic ? '*' : ''}`;
	const [, before, core, after] = /^(\s*)(.*?)(\s*)$/s.exec(text) ?? ['', '', text, ''];
	return core ? `${before}${marks}${md(core)}${[...marks].reverse().join('')}${after}` : text;
}

export function renderMarkdown(doc: ProtocolDocument): string {
	const out: string[] = [`# ${md(doc.title)}`, '', md(doc.subtitle), '', ...doc.meta.map((m) => `- ${md(m)}`), ''];
	for (const part of doc.parts) {
		if (part.kind === 'heading') out.push(`${'#'.repeat(part.level + 1)} ${md(part.text)}`, '');
		else if (part.kind === 'paragraph' && part.runs) out.push(part.runs.map((r) => emphasised(r.text, r.bold, r.italic)).join(''), '');
		else if (part.kind === 'paragraph') out.push(part.bold ? `**${md(part.text)}**` : md(part.text), '');
		else if (part.kind === 'table' && part.labelled) out.push(...part.rows.map((r) => `- **${md(r[0] ?? '')}:** ${md(r[1] ?? '').replace(/\n/g, ' ')}`), '');
		else if (part.kind === 'list') out.push(...part.items.map((i) => `- ${md(i)}`), '');
		else if (part.kind === 'pagebreak') out.push('---', '');
		else if (part.kind === 'matrix') {
			const cells = (r: string[]) => `| ${r.map((c) => md(c)).join(' | ')} |`;
			out.push(`**${md(part.caption)}**`, '', cells([part.corner, ...part.columns]), `| ${['', ...part.columns].map(() => '---').join(' | ')} |`, ...part.rows.map((r, i) => cells([r, ...part.cells[i].map((c) => c.text)])), '');
		} else {
			const cells = (r: string[]) => `| ${part.header.map((_, i) => md(r[i] ?? '').replace(/\n/g, ' ')).join(' | ')} |`;
			out.push(cells(part.header), `| ${part.header.map(() => '---').join(' | ')} |`, ...part.rows.map(cells), '');
		}
	}
	return out.join('\n');
}
