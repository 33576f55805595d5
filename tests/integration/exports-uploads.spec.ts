import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../../src/lib/server/app';
import { loadConfig } from '../../src/lib/server/config';
import { exported, exportLabelsForTests } from '../fixtures/export-labels';
import { processes, tempDataDir } from '../fixtures/process';
import { agreeEverything } from '../fixtures/protocol';
import { seedWorkshop, twoAgencyWorkshop } from '../fixtures/server';

/**
 * Exports and uploads against the production server: an observer looping exports is limited and
 * served stored files (rendering happens once, off the thread that relays edits, and the workshop
 * carries on), and the verify page takes a whole protocol up to the one configured size.
 */
const servers = processes();
afterEach(servers.killAll);
const PASSWORD = 'correct horse battery staple';

/** A data directory holding a frozen protocol, and its sealed JSON export, made by Accord's own services. */
async function frozenInstance() {
	const dataDir = tempDataDir();
	const app = createApp(loadConfig({ DATA_DIR: dataDir, KITS_DIR: path.resolve('workshop-kits') }), () => {});
	try {
		const w = await seedWorkshop(app);
		for (const p of [w.participantA, w.participantB]) app.workshops.updateMember(w.workshopId, p.user.id, { role: 'participant', agencyId: app.workshops.member(w.workshopId, p.user.id)!.agencyId, isSignatory: true });
		agreeEverything(app, w.workshopId);
		const workshop = app.workshops.get(w.workshopId)!;
		expect(app.protocol.freeze(workshop, [], { userId: w.facilitator.user.id, label: 'Fatima' }).ok).toBe(true);
		const json = Buffer.from(exported(await app.protocol.export(workshop, 1, 'json', exportLabelsForTests, { userId: null, label: 'test' })));
		const other = app.workshopService.create(twoAgencyWorkshop('Another workshop'), w.facilitator.user, { userId: w.facilitator.user.id, label: 'Fatima' });
		if (!other.ok) throw new Error(other.problem);
		return { dataDir, w, json, other: other.workshop.id };
	} finally {
		await app.close();
	}
}

async function signIn(origin: string, email: string): Promise<string> {
	const res = await fetch(`${origin}/sign-in`, { method: 'POST', redirect: 'manual', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password: PASSWORD, redirectTo: '/' }) });
	return res.headers.get('set-cookie')!.split(';')[0];
}

describe('exports and uploads on the production server', () => {
	it('limits an observer looping exports, serves the stored file, and the workshop next door carries on', async () => {
		const { dataDir, w, other } = await frozenInstance();
		const p = await servers.start({}, [], dataDir);
		await p.waitFor(/listening/);
		const observer = await signIn(p.origin, w.observer.user.email);
		const facilitator = await signIn(p.origin, w.facilitator.user.email);
		// Someone edits another workshop's agenda meanwhile; every edit must reach the other person there.
		const open = () =>
			new Promise<WebSocket>((resolve, reject) => {
				const ws = new WebSocket(`ws://127.0.0.1:${p.port}/collab/${other}/agenda`, { headers: { origin: p.origin, cookie: facilitator } });
				ws.once('open', () => resolve(ws));
				ws.once('error', reject);
			});
		const [writer, reader] = await Promise.all([open(), open()]);
		let received = 0;
		reader.on('message', () => received++);
		const statuses: number[] = [];
		const hashes = new Set<string>();
		for (let i = 0; i < 24; i++) {
			const res = await fetch(`${p.origin}/workshops/${w.workshopId}/protocol/export/1/pdf`, { headers: { cookie: observer } });
			statuses.push(res.status);
			if (res.ok) hashes.add(Buffer.from(await res.arrayBuffer()).toString('base64').slice(-200));
			else await res.text();
			// an edit on the other board between exports: a hand-made sync step 2 with a tiny update
			writer.send(Buffer.from([0, 2, 0]));
		}
		expect(statuses).toEqual([...Array(20).fill(200), ...Array(4).fill(429)]);
		expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
		// one file, made once: the audit log says every later one was the stored file
		expect(hashes.size).toBe(1);
		await vi.waitFor(() => expect(received).toBeGreaterThan(0));
		writer.close();
		reader.close();
		p.child.kill('SIGTERM');
		await p.exited;
		const db = new Database(path.join(dataDir, 'accord.sqlite'), { readonly: true });
		const stored = (db.prepare("SELECT details FROM audit_log WHERE action = 'protocol.exported'").pluck().all() as string[]).map((d) => JSON.parse(d).stored);
		db.close();
		expect(stored.filter((s) => s === false)).toHaveLength(2); // the JSON made beforehand, and the first PDF
		expect(stored.filter((s) => s === true)).toHaveLength(19);
	}, 120_000);

	it('verifies a 20 MB protocol on the verify page, and refuses one past the configured limit, saying so', async () => {
		const { dataDir, json } = await frozenInstance();
		const p = await servers.start({ ACCORD_MAX_UPLOAD_BYTES: String(25 * 1024 * 1024) }, [], dataDir);
		await p.waitFor(/listening/);
		const upload = (bytes: Buffer) => {
			const form = new FormData();
			form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/json' }), 'protocol.json');
			return fetch(`${p.origin}/verify`, { method: 'POST', headers: { origin: p.origin, accept: 'text/html' }, body: form });
		};
		// white space is not part of what is sealed: the protocol stays valid at 20 MB
		const big = Buffer.concat([json, Buffer.alloc(20 * 1024 * 1024 - json.length, 0x20)]);
		const ok = await upload(big);
		expect(ok.status).toBe(200);
		expect(await ok.text()).toContain('Valid: this file is exactly what this Accord sealed.');
		const tooBig = await upload(Buffer.concat([big, Buffer.alloc(10 * 1024 * 1024, 0x20)]));
		expect(tooBig.status).toBe(413);
	}, 120_000);
});
