// Accord's production entry: one Node process serving the SvelteKit pages (build/handler.js)
// and the collaboration WebSocket (/collab/<workshop>/<board>) on one port.
import http from 'node:http';

if (process.argv.includes('--demo')) process.env.ACCORD_DEMO = '1';
// One setting for the largest upload (the verify page takes whole protocols): adapter-node reads
// BODY_SIZE_LIMIT when the handler is imported. ACCORD_MAX_UPLOAD_BYTES is validated with the rest.
process.env.BODY_SIZE_LIMIT = process.env.ACCORD_MAX_UPLOAD_BYTES || String(25 * 1024 * 1024);
process.env.PORT ??= '3000';
// adapter-node checks form posts against ORIGIN; default it to this machine.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;

// A port already taken is said in one line, before anything is opened, seeded or printed
// (a malformed PORT is left to the configuration check, which names it).
if (/^[1-9]\d*$/.test(process.env.PORT)) {
	await new Promise((resolve) => {
		const probe = http.createServer();
		probe.once('error', (error) => {
			const port = process.env.PORT;
			console.error(
				error.code === 'EADDRINUSE'
					? `Accord cannot start: port ${port} is already in use (another Accord, or another program). Stop it, or choose another port: PORT=3001 npm start`
					: `Accord cannot start: port ${port}: ${error.message}`
			);
			process.exit(1);
		});
		probe.listen(Number(process.env.PORT), process.env.HOST || '0.0.0.0', () => probe.close(resolve));
	});
}

let handler;
let app;
try {
	// Importing the handler runs SvelteKit's `init` hook, which opens the database, checks the kits
	// and creates the app singleton (see src/lib/server/app.ts).
	({ handler } = await import('./build/handler.js'));
	app = await globalThis[Symbol.for('accord.app')];
} catch (error) {
	console.error(error instanceof Error && /configuration|kits|ORIGIN/i.test(error.message) ? error.message : error);
	process.exit(1);
}

const server = http.createServer(handler);
server.on('upgrade', (req, socket, head) => {
	try {
		if (!app.collab.handleUpgrade(req, socket, head)) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
		}
	} catch (error) {
		// one failed upgrade must never take the server (and everyone's boards) down with it
		app.log(`collab: upgrade failed: ${error instanceof Error ? error.message : error}`);
		socket.destroy();
	}
});

server.once('error', (error) => {
	// taken between the check above and now, or not ours to use
	console.error(`Accord cannot start: port ${app.config.port}: ${error.code === 'EADDRINUSE' ? 'already in use' : error.message}`);
	process.exit(1);
});
server.listen(app.config.port, app.config.host, () => {
	const address = server.address();
	app.log(`Accord is listening on ${app.config.origin} (port ${typeof address === 'object' && address ? address.port : app.config.port}); data in ${app.config.dataDir}`);
});

let stopping = false;
function stop(signal) {
	if (stopping) return;
	stopping = true;
	app.log(`${signal} received: closing connections and the database`);
	const force = setTimeout(() => process.exit(0), 10_000);
	force.unref();
	let closed = false;
	let drained = false;
	const done = () => closed && drained && process.exit(0);
	server.close(() => {
		drained = true;
		done();
	});
	// nothing is written after this resolves: the storage and export threads have exited
	void app.close().then(() => {
		closed = true;
		app.log('stopped');
		done();
	});
	server.closeIdleConnections?.();
	setTimeout(() => server.closeAllConnections?.(), 2_000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
