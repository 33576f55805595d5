import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportLabels } from '../../src/lib/server/http/export-labels';
import { kitForRollout, pickText } from '../../src/lib/domain/kit-schema';
import { exported } from '../fixtures/export-labels';
import { agreeEverything } from '../fixtures/protocol';
import { seedWorkshop, startServer, type SeededWorkshop, type TestServer } from '../fixtures/server';

/**
 * A protocol drafted in Spanish, signed and exported: every format carries the kit's Spanish text,
 * accents and all, in the order of the clauses, under Spanish headings; the PDF embeds its fonts
 * and its seal holds. (poppler-utils is installed by .ci/run.)
 */
let server: TestServer;
let w: SeededWorkshop;
const PASSWORD = 'correct horse battery staple';

beforeEach(async () => {
	server = await startServer();
	w = await seedWorkshop(server.app, { language: 'es', title: 'Taller de Tierralandia' });
	for (const p of [w.participantA, w.participantB]) {
		const m = server.app.workshops.member(w.workshopId, p.user.id)!;
		server.app.workshops.updateMember(w.workshopId, p.user.id, { role: 'participant', agencyId: m.agencyId, isSignatory: true });
	}
});

afterEach(async () => {
	await server.close();
});

const pdfText = (pdf: Uint8Array, ...flags: string[]) => {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-es-')), 'protocolo.pdf');
	fs.writeFileSync(file, pdf);
	return { file, text: execFileSync('pdftotext', [...flags, file, '-']).toString() };
};

describe('a protocol drafted in Spanish', () => {
	it('is exported in Spanish in every format: the clauses in order with their accents, Spanish headings, embedded fonts, a valid seal', async () => {
		const workshop = () => server.app.workshops.get(w.workshopId)!;
		expect(workshop().language).toBe('es');
		agreeEverything(server.app, w.workshopId);
		expect(server.app.protocol.freeze(workshop(), [], { userId: w.facilitator.user.id, label: 'Fatima' }).ok).toBe(true);
		for (const p of [w.participantB, w.participantA, w.participantA]) {
			const signed = await server.app.protocol.sign(workshop(), p.user.id, { title: 'Directora de Protección', attestations: ['authority', 'read', 'implement'], password: PASSWORD, address: '192.0.2.1', userAgent: 'test' }, { userId: p.user.id, label: p.user.email });
			expect(signed).toEqual({ ok: true });
		}
		const kit = kitForRollout(server.app.kits.forWorkshop(workshop())!, workshop().rolloutType);
		const titles = kit.dpisp.clauses.map((c, i) => `${i + 1}. ${pickText(c.title, 'es')}`);
		expect(titles).toContain('3. Limitación de la finalidad');
		const spanish = exportLabels('es');
		const actor = { userId: w.facilitator.user.id, label: 'Fatima' };

		const pdf = exported(await server.app.protocol.export(workshop(), 1, 'pdf', spanish, actor));
		const { file, text } = pdfText(pdf);
		const flat = text.replace(/\s+/g, ' ');
		// every clause title, as written in the kit, in the order of the protocol
		let at = 0;
		for (const title of titles) {
			const found = flat.indexOf(title, at);
			expect(found, title).toBeGreaterThan(-1);
			at = found + title.length;
		}
		for (const heading of ['Parte 2 — Protocolo de protección de datos e intercambio de información', 'Condiciones de uso del sistema de gestión de casos', '1. Acceso. Las cuentas son personales.', 'Certificado de firma', 'Firmado por Bruno, Directora de Protección, en nombre de Agency Beta, como Firmante'])
			expect(flat, heading).toContain(heading);
		for (const english of ['Part 2 —', 'Signature certificate', 'Terms of Use of the case-management system', 'Positions, reservations and objections']) expect(flat, english).not.toContain(english);
		// every font in the file is embedded (a reader without them sees the same letters)
		const fonts = execFileSync('pdffonts', [file]).toString().split('\n').slice(2).filter((line) => line.trim());
		expect(fonts.length).toBeGreaterThan(0);
		for (const line of fonts) expect(line.split(/\s+/).slice(-5, -4)[0], line).toBe('yes');
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
	});
});
