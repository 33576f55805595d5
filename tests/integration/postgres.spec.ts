import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { DpispDoc } from '../../src/lib/collab/dpisp-doc';
import { LiveDoc } from '../../src/lib/collab/live-doc';
import { userOrigin } from '../../src/lib/collab/origins';
import { SERVER_AWARENESS_ID } from '../../src/lib/collab/protocol';
import { startBalancer, type Balancer } from '../fixtures/balancer';
import { postgresTestsRun, startTestPostgres, type TestPostgres } from '../fixtures/postgres';
import { boardOnDisk, cli, demoSession, freePort, MANY_PEOPLE_ONE_ACCOUNT, processes, stockClient, tempDataDir, type ServerProcess } from '../fixtures/process';

/**
 * Two Accord nodes on one PostgreSQL database, behind a load balancer (tests/fixtures/balancer.ts),
 * each a real server process: what one node stores reaches the people on the other, what one node
 * refuses the other refuses, and a node killed while people type loses nothing.
 */
const servers = processes();
const providers: WebsocketProvider[] = [];
let postgres: TestPostgres;
let balancer: Balancer | null = null;

beforeAll(async () => {
	if (postgresTestsRun) postgres = await startTestPostgres();
}, 60_000);
afterAll(() => postgres?.stop());
afterEach(async () => {
	for (const p of providers.splice(0)) p.destroy();
	await servers.killAll();
	await balancer?.close();
	balancer = null;
});

const typed = (doc: Y.Doc) => doc.getArray<string>('typed').toArray();

/** Node A seeds the demo workshop; node B starts on the same database once A is up. Both answer for the balancer's address. */
async function twoNodes() {
	const url = postgres.createDatabase();
	const [portA, portB] = [await freePort(), await freePort()];
	balancer = await startBalancer([portA, portB]);
	const shared = { DATABASE_URL: url, ORIGIN: balancer.origin, ACCORD_ROOM_UNLOAD_MS: '30000', ...MANY_PEOPLE_ONE_ACCOUNT };
	// one data directory: both nodes seal with the same instance key, as a shared ACCORD_SIGNING_P12 would
	const dataDir = tempDataDir();
	// each node on the port the balancer sends to
	const a: ServerProcess = { ...(await servers.start({ ...shared, PORT: String(portA) }, ['--demo'], dataDir)), port: portA };
	await a.waitFor(/listening/);
	const password = (await a.waitFor(/password: (demo-[a-z0-9]+)/))[1];
	const workshop = (await a.waitFor(/workshops\/([a-z0-9]+)/))[1];
	const b: ServerProcess = { ...(await servers.start({ ...shared, PORT: String(portB) }, [], dataDir)), port: portB };
	await b.waitFor(/listening/);
	const origin = balancer.origin;
	const signIn = async (node: ServerProcess, email: string) => {
		const res = await fetch(`http://127.0.0.1:${node.port}/sign-in`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email, password, redirectTo: '/' })
		});
		const cookie = res.headers.get('set-cookie')?.split(';')[0];
		if (!cookie) throw new Error(`could not sign in as ${email} (HTTP ${res.status})`);
		return cookie;
	};
	/** A stock y-websocket client through one node (or the balancer), as the browser would be. */
	const client = async (port: number, cookie: string, board = 'agenda') => {
		const c = await stockClient({ origin, port }, cookie, workshop, board);
		providers.push(c.provider);
		return c;
	};
	return { url, a, b, workshop, origin, signIn, client };
}

/** The board as PostgreSQL holds it (the snapshot, then the log), read by a connection of the test's own. */
async function boardInPostgres(url: string, name: string): Promise<Y.Doc> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const doc = new Y.Doc();
		const snapshot = await client.query<{ state: Buffer }>('SELECT state FROM doc_snapshots WHERE name = $1', [name]);
		if (snapshot.rows[0]) Y.applyUpdate(doc, snapshot.rows[0].state);
		const rows = await client.query<{ data: Buffer }>('SELECT data FROM doc_updates WHERE name = $1 ORDER BY id', [name]);
		for (const r of rows.rows) Y.applyUpdate(doc, r.data);
		return doc;
	} finally {
		await client.end();
	}
}

describe.skipIf(!postgresTestsRun)('Accord on PostgreSQL, on two nodes', () => {
	it('co-edit a board across nodes, with presence; refuse on B what A refuses; a sign-out on A closes the sockets on B', async () => {
		const { url, a, b, workshop, origin, signIn, client } = await twoNodes();
		const paul = await client(a.port, await signIn(a, 'participant.cra@demo.accord.test'));
		const hana = await client(b.port, await signIn(b, 'participant.ht@demo.accord.test'));
		await vi.waitFor(() => expect(paul.provider.synced && hana.provider.synced).toBe(true), { timeout: 15_000 });

		paul.doc.getArray<string>('typed').push(['Paul, through node A']);
		hana.doc.getArray<string>('typed').push(['Hana, through node B']);
		await vi.waitFor(
			() => {
				for (const person of [paul, hana]) expect(typed(person.doc).sort()).toEqual(['Hana, through node B', 'Paul, through node A']);
			},
			{ timeout: 5_000, interval: 20 }
		);

		// presence crosses too, with the name the server stamped on it
		paul.provider.awareness.setLocalStateField('cursor', { clause: 'c1' });
		await vi.waitFor(
			() => {
				const seen = [...hana.provider.awareness.getStates().values()].find((s) => (s as { cursor?: unknown }).cursor);
				expect(seen).toMatchObject({ cursor: { clause: 'c1' }, user: { name: 'Paul Participant' } });
			},
			{ timeout: 5_000, interval: 20 }
		);

		// who is online counts the people on both nodes
		await vi.waitFor(
			() => {
				const server = hana.provider.awareness.getStates().get(SERVER_AWARENESS_ID) as { server?: { online: { name: string }[] } } | undefined;
				expect(server?.server?.online.map((m) => m.name).sort()).toEqual(['Hana Participant', 'Paul Participant']);
			},
			{ timeout: 5_000, interval: 20 }
		);

		// an observer on node B is refused as on node A: the refusal is recorded, nothing is stored or relayed
		const observer = await client(b.port, await signIn(b, 'observer@demo.accord.test'));
		await vi.waitFor(() => expect(observer.provider.synced).toBe(true), { timeout: 15_000 });
		observer.doc.getArray<string>('typed').push(['the observer was here']);
		const db = new pg.Client({ connectionString: url });
		await db.connect();
		try {
			await vi.waitFor(
				async () => expect((await db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'collab.write-refused'")).rows[0].n).toBeGreaterThan(0),
				{ timeout: 5_000, interval: 50 }
			);
		} finally {
			await db.end();
		}
		paul.doc.getArray<string>('typed').push(['after the observer']);
		await vi.waitFor(() => expect(typed(hana.doc)).toContain('after the observer'), { timeout: 5_000, interval: 20 });
		expect(typed(paul.doc)).not.toContain('the observer was here');
		expect(typed(hana.doc)).not.toContain('the observer was here');
		expect(typed(await boardInPostgres(url, `${workshop}/agenda`))).not.toContain('the observer was here');

		// Hana signs out everywhere through node A: her socket on node B closes as well
		const hanaOnA = await signIn(a, 'participant.ht@demo.accord.test');
		const res = await fetch(`http://127.0.0.1:${a.port}/account?/everywhere`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin, cookie: hanaOnA, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' },
			body: ''
		});
		expect(await res.json()).toMatchObject({ type: 'redirect', location: '/sign-in' });
		await vi.waitFor(() => expect(hana.closes).toContain(CloseCode.SessionEnded), { timeout: 5_000, interval: 20 });
		expect(paul.closes).toEqual([]);
	});

	it('kill -9 of a node while 60 people type through the balancer: they reconnect to the other node, nothing acknowledged is lost, nothing is applied twice', async () => {
		const { url, a, b, workshop, signIn, client } = await twoNodes();
		const cookie = await signIn(a, 'participant.cra@demo.accord.test');
		const port = balancer!.port;
		// the balancer spreads them over both nodes; the reader watches from node B, which stays up
		const people = await Promise.all(Array.from({ length: 60 }, () => client(port, cookie)));
		const reader = await client(b.port, cookie);
		await vi.waitFor(() => expect([...people, reader].every((p) => p.provider.synced)).toBe(true), { timeout: 30_000 });

		let n = 0;
		const typing = setInterval(() => {
			for (const [i, p] of people.entries()) if ((n + i) % 6 === 0) p.doc.getArray<string>('typed').push([`${i}:${n}`]);
			n++;
		}, 20);
		await vi.waitFor(() => expect(typed(reader.doc).length).toBeGreaterThan(800), { timeout: 30_000 });
		a.child.kill('SIGKILL');
		await a.exited;
		const relayed = typed(reader.doc);
		await vi.waitFor(() => expect(typed(reader.doc).length).toBeGreaterThan(relayed.length + 200), { timeout: 30_000 });
		clearInterval(typing);

		// everything a node relayed was stored first
		const stored = new Set(typed(await boardInPostgres(url, `${workshop}/agenda`)));
		expect(relayed.filter((item) => !stored.has(item))).toEqual([]);
		// everyone ends with everything anyone typed, each item once
		const everything = new Set(people.flatMap((p) => typed(p.doc)));
		const reconnected = performance.now();
		await vi.waitFor(
			() => {
				for (const p of [...people, reader]) expect(p.provider.wsconnected && p.provider.synced && typed(p.doc).length === everything.size).toBe(true);
			},
			{ timeout: 30_000, interval: 20 }
		);
		console.log(`two nodes, kill -9 of one: ${relayed.length} items relayed before it, all stored; ${people.length + 1} clients whole again ${(performance.now() - reconnected).toFixed(0)} ms after the typing stopped`);
		const final = typed(reader.doc);
		expect(new Set(final)).toEqual(everything);
		expect(final.length).toBe(everything.size);
		expect(new Set(typed(await boardInPostgres(url, `${workshop}/agenda`)))).toEqual(everything);
	}, 120_000);

	it('migrate-to-postgres moves an instance from its SQLite file, audit chain and boards included, and refuses a database already in use', async () => {
		const before = await servers.start({}, ['--demo']);
		const { workshop, cookie, password } = await demoSession(before);
		const paul = await stockClient(before, cookie, workshop, 'agenda');
		providers.push(paul.provider);
		await vi.waitFor(() => expect(paul.provider.synced).toBe(true), { timeout: 15_000 });
		paul.doc.getArray<string>('typed').push(['typed on SQLite']);
		await vi.waitFor(() => expect(typed(boardOnDisk(before.dataDir, `${workshop}/agenda`).doc)).toContain('typed on SQLite'), { timeout: 5_000, interval: 20 });
		paul.provider.destroy();
		before.child.kill('SIGTERM');
		await before.exited;

		const url = postgres.createDatabase();
		const env = { DATA_DIR: before.dataDir, DATABASE_URL: url };
		const moved = cli(['migrate-to-postgres', path.join(before.dataDir, 'accord.sqlite')], env);
		expect(moved.stderr).toBe('');
		expect(moved.status).toBe(0);
		expect(moved.stdout).toMatch(/The audit log verifies there: \d+ entries/);
		const again = cli(['migrate-to-postgres', path.join(before.dataDir, 'accord.sqlite')], env);
		expect(again.status).toBe(1);
		expect(again.stderr).toContain('already holds accounts');

		// the same instance on PostgreSQL: the same people, the same board, a chain that still verifies
		const after = await servers.start({ DATABASE_URL: url }, [], before.dataDir);
		await after.waitFor(/listening/);
		const res = await fetch(`${after.origin}/sign-in`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: after.origin, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'participant.cra@demo.accord.test', password, redirectTo: '/' })
		});
		const cookieAfter = res.headers.get('set-cookie')!.split(';')[0];
		const reader = await stockClient(after, cookieAfter, workshop, 'agenda');
		providers.push(reader.provider);
		await vi.waitFor(() => expect(typed(reader.doc)).toEqual(['typed on SQLite']), { timeout: 15_000 });
		reader.doc.getArray<string>('typed').push(['typed on PostgreSQL']);
		await vi.waitFor(async () => expect(typed(await boardInPostgres(url, `${workshop}/agenda`))).toEqual(['typed on SQLite', 'typed on PostgreSQL']), { timeout: 5_000, interval: 50 });
		const verified = cli(['audit-verify'], env);
		expect(verified.stderr).toBe('');
		expect(verified.stdout).toMatch(/The audit log is intact/);
	}, 120_000);

	it('counts password guesses across nodes: spread over both, they are throttled as on one', async () => {
		const { a, b } = await twoNodes();
		const guess = (node: ServerProcess, n: number) =>
			fetch(`http://127.0.0.1:${node.port}/sign-in`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: balancer!.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ email: 'participant.cra@demo.accord.test', password: `wrong guess ${n}`, redirectTo: '/' })
			}).then(async (res) => (await res.text(), res.status));
		const statuses: number[] = [];
		// one after the other, alternating nodes: three free failures in all, then the wait
		for (let n = 0; n < 8; n++) statuses.push(await guess(n % 2 === 0 ? a : b, n));
		expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
		expect(statuses.slice(3)).toEqual([429, 429, 429, 429, 429]);
	}, 60_000);

	it('a clause locked through node A is locked on node B as soon as B shows the lock', async () => {
		const { a, b, workshop, origin, signIn, client } = await twoNodes();
		const paulCookie = await signIn(b, 'participant.cra@demo.accord.test');
		const paul = await client(b.port, paulCookie, 'dpisp');
		const paulLive = await client(b.port, paulCookie, 'live');
		const fatimaCookie = await signIn(a, 'facilitator@demo.accord.test');
		const fatima = await client(a.port, fatimaCookie, 'dpisp');
		await vi.waitFor(() => expect(paul.provider.synced && paulLive.provider.synced && fatima.provider.synced).toBe(true), { timeout: 15_000 });
		const clause = new DpispDoc(paul.doc).clauses()[0];
		const title = () => new DpispDoc(fatima.doc).clauses().find((c) => c.id === clause.id)?.title;
		// before the lock, Paul's change through node B reaches the facilitator on node A
		new DpispDoc(paul.doc).updateClause(clause.id, { title: 'Before the lock' }, userOrigin(paul.doc.clientID));
		await vi.waitFor(() => expect(title()).toBe('Before the lock'), { timeout: 5_000, interval: 20 });

		const res = await fetch(`http://127.0.0.1:${a.port}/workshops/${workshop}/live`, {
			method: 'POST',
			headers: { origin, cookie: fatimaCookie, 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'lock', board: 'dpisp', item: clause.id, locked: true })
		});
		expect(res.status).toBe(200);
		await vi.waitFor(() => expect(new LiveDoc(paulLive.doc).locks().map((l) => l.path.at(-1))).toContain(clause.id), { timeout: 5_000, interval: 20 });
		new DpispDoc(paul.doc).updateClause(clause.id, { title: 'After the lock' }, userOrigin(paul.doc.clientID));
		await vi.waitFor(() => expect(paul.closes).toContain(CloseCode.ForbiddenWrite), { timeout: 5_000, interval: 20 });
		expect(title()).toBe('Before the lock');
	}, 60_000);
});
