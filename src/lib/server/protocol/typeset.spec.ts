import { describe, expect, it } from 'vitest';
import { pdfFile, pdfText, structure } from '../../../../tests/fixtures/pdf-inspect';
import type { ProtocolDocument } from './document';
import { typeset, typesetData } from './typeset';

const doc = (parts: ProtocolDocument['parts'], language = 'en'): ProtocolDocument => ({ language, contentsLabel: 'Contents', title: 'Protocol', subtitle: 'Testland', meta: ['Version 1'], parts });

describe('typeset', () => {
	it('prints Typst markup typed into a clause as text, and never runs it', async () => {
		const hostile = [
			'#read("/etc/passwd")',
			'#let x = 1 #x',
			'*not bold* _not italic_ $x^2$',
			'] #import "@preview/cetz:0.3.0" [',
			'<label> @label \\ `raw`',
			'#eval("1 + 1")'
		];
		const pdf = typeset(doc([{ kind: 'heading', level: 1, text: '#sys.inputs' }, ...hostile.map((text) => ({ kind: 'paragraph' as const, text })), { kind: 'table', header: ['#h'], rows: [['#panic("cell")']] }, { kind: 'list', items: ['#pagebreak()'] }]), { footer: '#footer' });
		const text = pdfText(pdfFile(pdf)).replace(/\s+/g, ' ');
		for (const line of [...hostile, '#sys.inputs', '#panic("cell")', '#pagebreak()', '#footer']) expect(text, line).toContain(line.replace(/\s+/g, ' '));
		expect(text).not.toContain('root:');
	});

	it('never lets a heading level skip one (PDF/UA and the reader’s outline need them in turn)', async () => {
		const data = typesetData(doc([{ kind: 'heading', level: 1, text: 'A' }, { kind: 'heading', level: 3, text: 'B' }, { kind: 'heading', level: 3, text: 'C' }, { kind: 'heading', level: 1, text: 'D' }, { kind: 'heading', level: 2, text: 'E' }]), { footer: '' });
		expect((data.parts as { level: number }[]).map((p) => p.level)).toEqual([1, 2, 2, 1, 2]);
		const roles = (await structure(typeset(doc([{ kind: 'heading', level: 1, text: 'A' }, { kind: 'heading', level: 3, text: 'B' }]), { footer: '' }))).map((n) => n.role);
		expect(roles).toContain('H2');
		expect(roles).not.toContain('H3');
	});

	it('lays an Arabic document out right to left, each text in its own direction', () => {
		const data = typesetData(doc([{ kind: 'paragraph', text: 'I have the authority.' }, { kind: 'table', header: ['الاسم'], rows: [['Bruno']] }], 'ar'), { footer: '' });
		expect(data).toMatchObject({ lang: 'ar', rtl: true, metaTitle: 'Protocol' });
		expect(data.parts).toEqual([
			{ kind: 'paragraph', text: '\u2068I have the authority.\u2069' },
			{ kind: 'table', header: ['\u2068الاسم\u2069'], rows: [['\u2068Bruno\u2069']] }
		]);
		expect(typesetData(doc([], 'fr-CA'), { footer: '' })).toMatchObject({ lang: 'fr', rtl: false });
	});
});
