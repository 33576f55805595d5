// Bundles one TypeScript entry with esbuild into build/<name>/<sources' newest change>/, the first
// time and whenever a source changed; returns the bundle's entry file. Used by the command line
// (scripts/accord.js) and by the server for its export worker (protocol/render-pool.ts), so that
// neither compiles TypeScript on every start nor resolves hundreds of package files.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOUR = 3_600_000;
const SOURCES = ['src/cli', 'src/lib/server', 'src/lib/domain', 'src/lib/collab'];
/** Native modules, packages that read files beside themselves or load optional ones (pg's pg-native), synckit (which starts threads from files), and pdf-lib (which @signpdf loads too: one copy of its classes) stay in node_modules. */
const EXTERNAL = ['better-sqlite3', 'pg', 'synckit', '@node-rs/argon2', '@myriaddreamin/*', '@embedpdf/*', 'docx', 'pdf-lib', '@signpdf/*', 'tsx', 'esbuild'];

/** @param {string} dir @returns {number} */
function newest(dir) {
	let latest = 0;
	for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, item.name);
		if (item.isDirectory()) latest = Math.max(latest, newest(full));
		else if (item.name.endsWith('.ts') && !item.name.endsWith('.spec.ts')) latest = Math.max(latest, fs.statSync(full).mtimeMs);
	}
	return latest;
}

/**
 * @param {string} name the folder under build/
 * @param {string} entry the TypeScript entry, relative to the project
 * @param {string} [base] the project's folder (when this module is itself bundled elsewhere)
 * @returns {Promise<string>} the bundled entry file
 */
export async function ensureBundle(name, entry, base = root) {
	const builds = path.join(base, 'build', name);
	// a change to the sources, or to how they are bundled, makes a new bundle
	const stamp = String(Math.floor(Math.max(fs.statSync(path.join(base, 'scripts', 'bundle.js')).mtimeMs, ...SOURCES.map((d) => newest(path.join(base, d))))));
	const dir = path.join(builds, stamp);
	const file = path.join(dir, `${path.basename(entry, '.ts')}.js`);
	if (fs.existsSync(file)) return file;
	const { build } = await import('esbuild');
	// built aside and moved in whole, so that processes started at the same time never see half a build
	const partial = `${dir}.partial-${process.pid}`;
	await build({
		entryPoints: [path.join(base, entry)],
		outdir: partial,
		bundle: true,
		splitting: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		external: EXTERNAL,
		banner: { js: "import { createRequire as __accordRequire } from 'node:module'; const require = __accordRequire(import.meta.url);" },
		logLevel: 'warning'
	});
	try {
		fs.renameSync(partial, dir);
	} catch {
		fs.rmSync(partial, { recursive: true, force: true }); // another process built it meanwhile
	}
	for (const old of fs.readdirSync(builds)) {
		const full = path.join(builds, old);
		if (old !== stamp && Date.now() - fs.statSync(full).mtimeMs > HOUR) fs.rmSync(full, { recursive: true, force: true });
	}
	return file;
}
