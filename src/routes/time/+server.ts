import { json, type RequestHandler } from '@sveltejs/kit';

/** The server's clock, for browsers to correct theirs (shared countdowns). Never cached. */
export const GET: RequestHandler = () => json({ now: Date.now() }, { headers: { 'cache-control': 'no-store' } });
