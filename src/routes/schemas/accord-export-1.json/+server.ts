import { json, type RequestHandler } from '@sveltejs/kit';
import { exportJsonSchema } from '$lib/domain/protocol/export-schema';

/** The published JSON Schema of the sealed JSON export (accord.export/1). */
export const GET: RequestHandler = () => json(exportJsonSchema(), { headers: { 'content-type': 'application/schema+json', 'cache-control': 'public, max-age=3600' } });
