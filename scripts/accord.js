// `npm run accord -- <command>`: the operators' command line (src/cli/accord.ts). It runs from a
// bundle in build/cli/<sources' newest change>/, built with esbuild the first time and whenever a
// source changed, so that a command such as `verify` starts in a fraction of a second instead of
// compiling TypeScript and resolving hundreds of package files on every run. Each command's
// modules are a chunk of their own and load only when that command runs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builds = path.join(root, 'build', 'cli');
const HOUR = 3_600_000;

function newest(dir) {
	let latest = 0;
	for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, item.name);
		if (item.isDirectory()) latest = Math.max(latest, newest(full));
		else if (item.name.endsWith('.ts') && !item.name.endsWith('.spec.ts')) latest = Math.max(latest, fs.statSync(full).mtimeMs);
	}
	return latest;
}

const stamp = String(Math.floor(Math.max(...['src/cli', 'src/lib/server', 'src/lib/domain', 'src/lib/collab'].map((d) => newest(path.join(root, d))))));
const dir = path.join(builds, stamp);
if (!fs.existsSync(path.join(dir, 'accord.js'))) {
	const { build } = await import('esbuild');
	// built aside and moved in whole, so that commands started at the same time never see half a build
	const partial = `${dir}.partial-${process.pid}`;
	await build({
		entryPoints: [path.join(root, 'src/cli/accord.ts')],
		outdir: partial,
		bundle: true,
		splitting: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		// native modules, and packages that read files beside themselves, stay in node_modules
		external: ['better-sqlite3', '@node-rs/argon2', 'pdfmake', 'docx', '@signpdf/*', 'tsx'],
		banner: { js: "import { createRequire as __accordRequire } from 'node:module'; const require = __accordRequire(import.meta.url);" },
		logLevel: 'warning'
	});
	try {
		fs.renameSync(partial, dir);
	} catch {
		fs.rmSync(partial, { recursive: true, force: true }); // another command built it meanwhile
	}
	for (const old of fs.readdirSync(builds)) {
		const full = path.join(builds, old);
		if (old !== stamp && Date.now() - fs.statSync(full).mtimeMs > HOUR) fs.rmSync(full, { recursive: true, force: true });
	}
}
await import(pathToFileURL(path.join(dir, 'accord.js')).href);
