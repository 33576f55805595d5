// An Accord instance for the benchmarks: a data directory prepared with many workshops (through
// Accord's own services), then the production server started on it as its own process.
import path from 'node:path';
import { createApp } from '../src/lib/server/app';
import { loadConfig } from '../src/lib/server/config';
import { MANY_PEOPLE_ONE_ACCOUNT, startProcess, tempDataDir, type ServerProcess } from '../tests/fixtures/process';
import { twoAgencyWorkshop } from '../tests/fixtures/server';
import type { Target } from './harness';

const PASSWORD = 'benchmarks run on loopback only';
const FACILITATOR = 'facilitator@bench.accord.test';
const ADMIN = 'admin@bench.accord.test';

export interface Instance {
	server: ServerProcess;
	workshops: string[];
	/** The facilitator's session (a member of every workshop). */
	cookie: string;
	adminCookie: string;
	/** A target for the harness: board `agenda` of workshop 0, or `<index>/<board>` for another. */
	target: Target;
	health(gc?: boolean): Promise<{ rooms: number; connections: number; memory: { rss: number; heapUsed: number; external: number; arrayBuffers: number } }>;
	stop(): Promise<void>;
}

/** `workshops` workshops, each with its boards seeded from the kit at creation (as Accord always does). */
export async function prepare(workshops: number, dataDir = tempDataDir()): Promise<{ dataDir: string; workshops: string[] }> {
	const app = createApp(loadConfig({ DATA_DIR: dataDir, KITS_DIR: path.resolve('workshop-kits') }), () => {});
	try {
		const admin = await app.accountService.create({ email: ADMIN, name: 'Bench Admin', password: PASSWORD, role: 'admin', locale: null }, null);
		const facilitator = await app.accountService.create({ email: FACILITATOR, name: 'Bench Facilitator', password: PASSWORD, role: 'facilitator', locale: null }, null);
		if (!admin.ok || !facilitator.ok) throw new Error('could not create the benchmark accounts');
		const ids: string[] = [];
		for (let i = 0; i < workshops; i++) {
			const created = app.workshopService.create(
				twoAgencyWorkshop(`Benchmark workshop ${i}`),
				facilitator.user,
				{ userId: facilitator.user.id, label: FACILITATOR }
			);
			if (!created.ok) throw new Error(created.problem);
			ids.push(created.workshop.id);
		}
		return { dataDir, workshops: ids };
	} finally {
		await app.close();
	}
}

async function signIn(origin: string, email: string): Promise<string> {
	const res = await fetch(`${origin}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: PASSWORD, redirectTo: '/' })
	});
	const cookie = res.headers.get('set-cookie')?.split(';')[0];
	if (!cookie) throw new Error(`could not sign in as ${email}`);
	return cookie;
}

/** Extra flags for the Accord server's node, for profiling: `BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench`. */
function nodeFlags(): string[] {
	return (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

export async function startInstance(prepared: { dataDir: string; workshops: string[] }, env: Record<string, string> = {}): Promise<Instance> {
	// the benchmarks' simulated people share one account: lift the per-person limits
	const server = await startProcess({ ACCORD_ROOM_UNLOAD_MS: '1000', ...MANY_PEOPLE_ONE_ACCOUNT, ...env }, [], prepared.dataDir, ['--expose-gc', ...nodeFlags()]);
	await server.waitFor(/listening/);
	const cookie = await signIn(server.origin, FACILITATOR);
	const adminCookie = await signIn(server.origin, ADMIN);
	const url = (board: string) => {
		const [index, name] = board.includes('/') ? board.split('/') : ['0', board];
		return `ws://127.0.0.1:${server.port}/collab/${prepared.workshops[Number(index)]}/${name}`;
	};
	return {
		server,
		workshops: prepared.workshops,
		cookie,
		adminCookie,
		target: { name: 'Accord', url, origin: server.origin, cookie, pid: server.child.pid! },
		async health(gc = false) {
			const res = await fetch(`${server.origin}/admin/health${gc ? '?gc' : ''}`, { headers: { cookie: adminCookie } });
			if (!res.ok) throw new Error(`health: HTTP ${res.status}`);
			return res.json();
		},
		async stop() {
			server.child.kill('SIGTERM');
			await server.exited;
		}
	};
}
