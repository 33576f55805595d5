import { execFileSync } from 'node:child_process';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportLabels } from '../../src/lib/server/http/export-labels';
import { kitForRollout, pickText } from '../../src/lib/domain/kit-schema';
import { exported } from '../fixtures/export-labels';
import { agreeEverything } from '../fixtures/protocol';
import { seedWorkshop, startServer, type SeededWorkshop, type TestServer } from '../fixtures/server';
import { DpiaDoc } from '../../src/lib/collab/dpia-doc';
import { serverOrigin } from '../../src/lib/collab/origins';
import { tint } from '../../src/lib/domain/protocol/document-model';
import { asPopplerReadsArabic, pdfFile, pdfFonts, pdfText, structure } from '../fixtures/pdf-inspect';

/**
 * Protocols drafted in Spanish and in Arabic, signed and exported: every format carries the kit's
 * text in the workshop's language, in the order of the clauses, under headings in that language; the
 * PDF embeds its fonts, is tagged and declares PDF/UA-1, and its seal holds. (poppler-utils is
 * installed by .ci/run.)
 */
let server: TestServer;
let w: SeededWorkshop;
const PASSWORD = 'correct horse battery staple';

afterEach(async () => {
	await server.close();
});

/** Everyone a signatory, the protocol agreed and frozen, two signatures and the lead agency's countersignature. */
async function frozenAndSigned(title: string): Promise<void> {
	for (const p of [w.participantA, w.participantB]) {
		const m = server.app.workshops.member(w.workshopId, p.user.id)!;
		server.app.workshops.updateMember(w.workshopId, p.user.id, { role: 'participant', agencyId: m.agencyId, isSignatory: true });
	}
	const workshop = server.app.workshops.get(w.workshopId)!;
	agreeEverything(server.app, w.workshopId);
	expect(server.app.protocol.freeze(workshop, [], { userId: w.facilitator.user.id, label: 'Fatima' }).ok).toBe(true);
	for (const p of [w.participantB, w.participantA, w.participantA]) {
		const signed = await server.app.protocol.sign(server.app.workshops.get(w.workshopId)!, p.user.id, { title, attestations: ['authority', 'read', 'implement'], password: PASSWORD, address: '192.0.2.1', userAgent: 'test' }, { userId: p.user.id, label: p.user.email });
		expect(signed).toEqual({ ok: true });
	}
}

/** Each of `texts` found in `flat`, one after the other, in that order. */
function expectInOrder(flat: string, texts: string[]): void {
	let at = 0;
	for (const text of texts) {
		const found = flat.indexOf(text, at);
		expect(found, text).toBeGreaterThan(-1);
		at = found + text.length;
	}
}

/**
 * Tagged, and declaring PDF/UA-1 with the document's language, as pdfinfo reads it. (Its stderr is
 * left out: poppler 22 complains that /Suspects is a boolean, which is what the PDF standard asks.)
 */
function expectAccessiblePdf(file: string, language: string): void {
	const pdfinfo = (...args: string[]) => execFileSync('pdfinfo', [...args, file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
	expect(pdfinfo()).toMatch(/Tagged:\s+yes/);
	const xmp = pdfinfo('-meta');
	expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
	expect(xmp).toContain(`<dc:language><rdf:Bag><rdf:li>${language}</rdf:li></rdf:Bag></dc:language>`);
}

describe('a protocol drafted in Spanish', () => {
	beforeEach(async () => {
		server = await startServer();
		w = await seedWorkshop(server.app, { language: 'es', title: 'Taller de Tierralandia' });
	});

	it('is exported in Spanish in every format: the clauses in order with their accents, Spanish headings, embedded fonts, a valid seal', async () => {
		const workshop = () => server.app.workshops.get(w.workshopId)!;
		expect(workshop().language).toBe('es');
		await frozenAndSigned('Directora de Protección');
		const kit = kitForRollout(server.app.kits.forWorkshop(workshop())!, workshop().rolloutType);
		const titles = kit.dpisp.clauses.map((c, i) => `${i + 1}. ${pickText(c.title, 'es')}`);
		expect(titles).toContain('3. Limitación de la finalidad');
		const spanish = exportLabels('es');
		const actor = { userId: w.facilitator.user.id, label: 'Fatima' };

		const pdf = exported(await server.app.protocol.export(workshop(), 1, 'pdf', spanish, actor));
		const file = pdfFile(pdf, 'protocolo.pdf');
		const flat = pdfText(file).replace(/\s+/g, ' ');
		// every clause title, as written in the kit, in the order of the protocol
		expectInOrder(flat, titles);
		for (const heading of ['Parte 2 — Protocolo de protección de datos e intercambio de información', 'Condiciones de uso del sistema de gestión de casos', '1. Acceso. Las cuentas son personales.', 'Certificado de firma', 'Firmado por Bruno, Directora de Protección, en nombre de Agency Beta, como Firmante'])
			expect(flat, heading).toContain(heading);
		for (const english of ['Part 2 —', 'Signature certificate', 'Terms of Use of the case-management system', 'Positions, reservations and objections']) expect(flat, english).not.toContain(english);
		// every font in the file is embedded (a reader without them sees the same letters)
		const fonts = pdfFonts(file);
		expect(fonts.length).toBeGreaterThan(0);
		for (const font of fonts) expect(font.embedded, font.name).toBe(true);
		expectAccessiblePdf(file, 'es');
		expect(execFileSync('pdfsig', [file]).toString()).toContain('Signature Validation: Signature is Valid.');
		expect(await server.app.protocol.verify(Buffer.from(pdf))).toMatchObject({ valid: true, content: { version: 1 } });

		const docx = strFromU8(unzipSync(exported(await server.app.protocol.export(workshop(), 1, 'docx', spanish, actor)))['word/document.xml']);
		const markdown = strFromU8(exported(await server.app.protocol.export(workshop(), 1, 'md', spanish, actor)));
		for (const [format, body] of [
			['docx', docx],
			['md', markdown.replace(/\\/g, '')]
		]) {
			for (const title of titles) expect(body, `${format}: ${title}`).toContain(title.replace(/^\d+\. /, ''));
			expect(body, format).toContain('Niños y niñas supervivientes de violencia sexual');
			expect(body, format).not.toContain('Signature certificate');
		}
		// a left-to-right document carries no right-to-left marks
		expect(docx).not.toContain('<w:bidi');
	});
});

describe('a protocol drafted in Arabic', () => {
	beforeEach(async () => {
		server = await startServer();
		w = await seedWorkshop(server.app, { language: 'ar', title: 'ورشة عمل الأردن' });
	});

	it('is a right-to-left document in every format: the Arabic titles in logical order, Arabic headings, embedded fonts, tagged for screen readers, a valid seal', async () => {
		const workshop = () => server.app.workshops.get(w.workshopId)!;
		expect(workshop().language).toBe('ar');
		// two risks rated very high (severity 4, likelihood 3), brought down by their measures
		server.app.collab.transact(w.workshopId, 'dpia', (doc) => {
			const dpia = new DpiaDoc(doc);
			['photos', 'tablets'].forEach((id, i) =>
				dpia.addRisk({ id, title: `خطر ${i + 1}`, description: '', fearedEvent: 'illegitimate-access', sources: '', assets: '', group: 'access', catalogueId: '', reasoning: '', suggested: '', ownerAgency: w.agencyIds[0], inherent: { severity: 4, likelihood: 3 }, inherentRationale: '', residual: { severity: 2, likelihood: 1 + i }, acceptance: null, createdBy: 'test', position: i }, serverOrigin)
			);
		});
		await frozenAndSigned('مديرة الحماية');
		const kit = kitForRollout(server.app.kits.forWorkshop(workshop())!, workshop().rolloutType);
		// the kit's Arabic titles (none carries vowel marks or digits: poppler, which reads the PDF here,
		// duplicates marks and loses the order of a line where digits meet Arabic words, though the
		// PDF places their glyphs right)
		const titles = kit.dpisp.clauses.map((c) => pickText(c.title, 'ar'));
		expect(titles).toContain('الغرض والنطاق');
		const arabic = exportLabels('ar');
		const actor = { userId: w.facilitator.user.id, label: 'Fatima' };

		const pdf = exported(await server.app.protocol.export(workshop(), 1, 'pdf', arabic, actor));
		const file = pdfFile(pdf, 'protocol-ar.pdf');
		const flat = pdfText(file).replace(/\s+/g, ' ');
		// each clause title comes back in logical order (the order it is typed in), in the protocol's order
		expectInOrder(flat, titles.map(asPopplerReadsArabic));
		for (const heading of [arabic.certificate, arabic.contents, arabic.annexes]) expect(flat, heading).toContain(asPopplerReadsArabic(heading));
		for (const english of ['Part 2 —', 'Signature certificate', 'Contents', 'Positions, reservations and objections', 'Parties and coordination', 'Terms of Use']) expect(flat, english).not.toContain(english);
		// the kit's Arabic text, not only its titles: a clause's body and the Terms
		expect(flat).toContain(asPopplerReadsArabic('يحدد البروتوكول كيف يجمع المشاركون المعلومات المتعلقة بالأطفال والأسر'));
		// Arabic letters come from a font the file carries
		const fonts = pdfFonts(file);
		expect(fonts.some((f) => f.name.includes('NotoNaskhArabic'))).toBe(true);
		for (const font of fonts) expect(font.embedded, font.name).toBe(true);
		expectAccessiblePdf(file, 'ar');
		// what a screen reader walks: headings, lists and tables with header cells
		const roles = new Set((await structure(pdf)).map((node) => node.role));
		for (const role of ['H1', 'H2', 'P', 'L', 'LI', 'Table', 'TH', 'TD']) expect(roles, role).toContain(role);
		// the risk matrix, before and after the measures, each a figure whose alternative text gives the counts per level
		const bands = kit.scales.priority.bands.map((b) => pickText(b.name, 'ar'));
		const alt = (when: string, counts: number[]) => arabic.matrixAlt.replace('{when}', when).replace('{counts}', bands.map((b, i) => `${b} ${counts[i]}`).join(', '));
		const figures = (await structure(pdf)).filter((node) => node.role === 'Figure');
		expect(figures.map((f) => f.alt)).toEqual([alt(arabic.before, [0, 0, 0, 2]), alt(arabic.after, [1, 1, 0, 0])]);
		expect(execFileSync('pdfsig', [file]).toString()).toContain('Signature Validation: Signature is Valid.');
		expect(await server.app.protocol.verify(Buffer.from(pdf))).toMatchObject({ valid: true, content: { version: 1 } });

		// Word and LibreOffice open the DOCX right to left: every paragraph, every table, the Arabic runs
		const docx = strFromU8(unzipSync(exported(await server.app.protocol.export(workshop(), 1, 'docx', arabic, actor)))['word/document.xml']);
		const paragraphs = docx.match(/<w:p[ >]/g)!.length;
		expect(docx.match(/<w:bidi\/>/g)?.length ?? 0).toBe(paragraphs);
		expect(docx.match(/<w:tbl>/g)!.length).toBe(docx.match(/<w:bidiVisual\/>/g)?.length ?? 0);
		expect(docx).toContain('<w:rtl/>');
		expect(docx).toContain('w:bidi="ar"');
		// the matrix's cells are shaded in their level's colour: the two very high risks before the measures
		const cells = docx.split('<w:tc>').slice(1);
		const veryHigh = tint('#c62828').slice(1).toUpperCase();
		expect(cells.filter((c) => c.toUpperCase().includes(`W:FILL="${veryHigh}"`) && c.includes('>2</w:t>'))).toHaveLength(1);
		const markdown = strFromU8(exported(await server.app.protocol.export(workshop(), 1, 'md', arabic, actor)));
		for (const title of titles) {
			expect(docx, `docx: ${title}`).toContain(title);
			expect(markdown, `md: ${title}`).toContain(title);
		}
	});
});
