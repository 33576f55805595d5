import { Worker } from 'node:worker_threads';
import type { RenderJob } from './render-job';

export type Renderer = (job: RenderJob) => Promise<Uint8Array>;

const JOB_TIMEOUT_MS = 120_000;

/**
 * Renders exports on a worker thread: one worker, jobs one after another, started when first
 * needed and started again if it dies. A job that fails or outlives its time is refused with an
 * error; nothing runs on the thread that relays edits. `workerFile` is the bundled
 * render-worker (scripts/bundle.js builds it).
 */
export class RenderPool {
	#worker: Worker | null = null;
	#next = 1;
	readonly #waiting = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
	#closed = false;

	constructor(
		private readonly workerFile: () => Promise<string>,
		private readonly log: (line: string) => void
	) {}

	async #ensure(): Promise<Worker> {
		if (this.#worker) return this.#worker;
		const worker = new Worker(await this.workerFile());
		worker.unref();
		worker.on('message', ({ id, body, error }: { id: number; body?: Uint8Array; error?: string }) => {
			const waiting = this.#waiting.get(id);
			if (!waiting) return;
			this.#waiting.delete(id);
			clearTimeout(waiting.timer);
			if (body) waiting.resolve(body);
			else waiting.reject(new Error(error ?? 'the export could not be rendered'));
		});
		const gone = (why: string) => {
			if (this.#worker !== worker) return;
			this.#worker = null;
			for (const [id, w] of this.#waiting) {
				clearTimeout(w.timer);
				w.reject(new Error(`the export renderer stopped (${why})`));
				this.#waiting.delete(id);
			}
			if (!this.#closed) this.log(`exports: the renderer thread stopped (${why}); it starts again with the next export`);
		};
		worker.on('error', (e) => gone(e.message));
		worker.on('exit', (code) => gone(`exit ${code}`));
		this.#worker = worker;
		return worker;
	}

	readonly render: Renderer = async (job) => {
		if (this.#closed) throw new Error('the server is stopping');
		const worker = await this.#ensure();
		const id = this.#next++;
		return new Promise<Uint8Array>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#waiting.delete(id);
				reject(new Error('the export took too long'));
				void worker.terminate();
			}, JOB_TIMEOUT_MS);
			this.#waiting.set(id, { resolve, reject, timer });
			worker.ref();
			worker.postMessage({ id, job });
		}).finally(() => {
			if (this.#waiting.size === 0) this.#worker?.unref();
		});
	};

	async close(): Promise<void> {
		this.#closed = true;
		const worker = this.#worker;
		this.#worker = null;
		if (worker) await worker.terminate();
	}
}
