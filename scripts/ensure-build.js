// `npm start` builds Accord first when there is no build yet, or when the sources are newer.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const built = 'build/handler.js';

function newest(dir) {
	let latest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'paraglide') latest = Math.max(latest, newest(full));
		} else latest = Math.max(latest, fs.statSync(full).mtimeMs);
	}
	return latest;
}

const stale = !fs.existsSync(built) || Math.max(newest('src'), newest('messages')) > fs.statSync(built).mtimeMs;
if (stale) {
	console.log('Building Accord (first start or changed sources); this takes a minute or two...');
	const started = Date.now();
	// warnings and errors only: the list of every file written is of no use to someone starting Accord
	execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
	console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
}
