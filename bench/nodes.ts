// `npm run bench -- --nodes 2`: the many-workshops scenario (50 boards × 20 people, one writer each at
// 5 updates/s, presence at 1 Hz or none) on one node with its SQLite file, on one node with
// PostgreSQL, and on N nodes sharing one PostgreSQL database (each room's people spread over the
// nodes, so that every edit crosses from one node to another). PostgreSQL runs from Debian's package
// with its defaults (fsync on: every commit waits for the disk, where SQLite in WAL mode does not).
import { mib } from '../tests/fixtures/harness';
import { prepare, startInstance, type Instance } from '../tests/fixtures/instance';
import { startTestPostgres } from '../tests/fixtures/postgres';
import { tempDataDir } from '../tests/fixtures/process';
import { manyRooms } from './scale';

type Run = Awaited<ReturnType<typeof manyRooms>>;

export async function nodesBenchmark(nodes: number, runs: number): Promise<void> {
	console.log(`\nOne node or ${nodes} (Node ${process.version}, ${new Date().toISOString()}): 50 rooms × 20 clients, 5 updates/s per room, 10 s; ${runs} run(s)\n`);
	const postgres = await startTestPostgres({ durable: true });
	const started: Instance[] = [];
	try {
		const sqlite = await startInstance(await prepare(60));
		started.push(sqlite);
		const url = postgres.createDatabase();
		const shared = { DATABASE_URL: url, ORIGIN: 'http://accord.bench.test' };
		const prepared = await prepare(60, tempDataDir(), shared);
		const members: Instance[] = [];
		for (let i = 0; i < nodes; i++) {
			const node = await startInstance(prepared, shared);
			members.push(node);
			started.push(node);
		}
		console.log('| scenario | setup | p50 ms | p99 ms | max ms | delivered | errors | servers RSS | CPU per node | harness CPU |');
		console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
		for (let run = 0; run < runs; run++) {
			for (const presenceHz of [1, 0]) {
				const s = { rooms: 50, clients: 20, updatesPerSecondPerRoom: 5, presenceHz, seconds: 10 };
				const label = presenceHz ? 'presence 1 Hz' : 'no presence';
				const setups: [string, () => Promise<Run>][] = [
					['1 node, SQLite', () => manyRooms(sqlite.target, s, (r) => sqlite.target.url(`${r}/agenda`))],
					['1 node, PostgreSQL', () => manyRooms(members[0].target, s, (r) => members[0].target.url(`${r}/agenda`))],
					[
						`${nodes} nodes, PostgreSQL`,
						() => manyRooms(members[0].target, s, (r, c) => members[c % nodes].target.url(`${r}/agenda`), members.map((m) => m.target.pid))
					]
				];
				// the setups take turns going first, so that none always gets the quieter minute
				for (let i = 0; i < setups.length; i++) {
					const [name, go] = setups[(i + run) % setups.length];
					const x = await go();
					const perNode = (x.nodeCores as number[]).map((c) => `${(c * 100).toFixed(0)}%`).join(' + ');
					console.log(`| ${label} | ${name} | ${x.p50.toFixed(1)} | ${x.p99.toFixed(1)} | ${x.max.toFixed(1)} | ${x.delivered}/${x.expected} | ${x.errors} | ${mib(x.rss)} MiB | ${perNode} | ${(x.harnessCore * 100).toFixed(0)}% |`);
				}
			}
		}
	} finally {
		for (const i of started) await i.stop();
		postgres.stop();
	}
}
