import { json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/http/guards';

/**
 * What the instance holds right now, for an admin or a monitoring script signed in as one: loaded
 * boards, open connections and memory. `?gc` first runs a full garbage collection when the server
 * was started with `node --expose-gc` (the benchmarks do), so memory figures are comparable.
 */
export const GET: RequestHandler = (event) => {
	requireAdmin(event);
	const gc = (globalThis as { gc?: () => void }).gc;
	if (event.url.searchParams.has('gc') && gc) gc();
	const { collab } = event.locals.app;
	const memory = process.memoryUsage();
	return json({
		rooms: collab.rooms.size,
		maxRooms: event.locals.app.config.collab.maxRooms,
		connections: collab.connections.size,
		// audit entries the database has not taken yet (it was locked or failing): none is dropped
		auditPending: event.locals.app.audit.pending,
		memory: { rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, arrayBuffers: memory.arrayBuffers }
	});
};
