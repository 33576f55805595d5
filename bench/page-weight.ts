// Page weight: the JavaScript each page loads before anyone does anything (its static imports,
// followed through the build's manifest), gzipped. `npm run bench -- --weights` prints it.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

interface Chunk {
	file: string;
	imports?: string[];
	isEntry?: boolean;
}

const OUTPUT = '.svelte-kit/output/client';

export function pageWeights(): { route: string; kib: number }[] {
	const manifest = JSON.parse(fs.readFileSync(path.join(OUTPUT, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
	const app = fs.readFileSync('.svelte-kit/generated/client-optimized/app.js', 'utf8');
	const dictionary = /export const dictionary = \{([\s\S]*?)\};/.exec(app)?.[1];
	if (!dictionary) throw new Error('the route dictionary was not found in the build: run `npm run build` first');
	const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry && !k.includes('/nodes/'));
	const nodeKey = (n: number) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`;
	const gzipped = new Map<string, number>();
	const sizeOf = (file: string) => {
		let size = gzipped.get(file);
		if (size === undefined) {
			size = zlib.gzipSync(fs.readFileSync(path.join(OUTPUT, file))).byteLength;
			gzipped.set(file, size);
		}
		return size;
	};
	const weigh = (keys: string[]) => {
		const seen = new Set<string>();
		const visit = (key: string) => {
			if (seen.has(key) || !manifest[key]) return;
			seen.add(key);
			for (const i of manifest[key].imports ?? []) visit(i);
		};
		keys.forEach(visit);
		return [...seen].reduce((sum, key) => sum + sizeOf(manifest[key].file), 0);
	};
	const rows: { route: string; kib: number }[] = [];
	for (const match of dictionary.matchAll(/"([^"]+)":\s*\[~?(\d+)(?:,\[([\d,]*)\])?/g)) {
		const [, route, leaf, layouts] = match;
		const nodes = [0, ...(layouts ? layouts.split(',').filter(Boolean).map(Number) : []), Number(leaf)];
		rows.push({ route, kib: weigh([...entries, ...nodes.map(nodeKey)]) / 1024 });
	}
	return rows;
}

export function printPageWeights(): void {
	console.log('\n| page | JavaScript before any action, gzip KiB |');
	console.log('|---|---:|');
	for (const r of pageWeights()) console.log(`| ${r.route} | ${r.kib.toFixed(0)} |`);
}
