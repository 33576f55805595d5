// The export renderer's thread (see render-pool.ts): PDF and DOCX rendering, which costs a second
// of CPU for a full protocol, happens here and never on the thread that relays edits.
import { parentPort } from 'node:worker_threads';
import { renderJob, type RenderJob } from './render-job';

parentPort?.on('message', async ({ id, job }: { id: number; job: RenderJob }) => {
	try {
		const body = await renderJob(job);
		parentPort?.postMessage({ id, body }, [body.buffer as ArrayBuffer]);
	} catch (error) {
		parentPort?.postMessage({ id, error: (error as Error).message ?? String(error) });
	}
});
