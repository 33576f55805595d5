import type { InstanceKey } from '../signing/instance-key';
import type { ProtocolDocument } from './document';
import { renderDocx, renderPdf, renderPlainPdf } from './render';

/** What the renderer is asked for: plain data, so it can cross to the worker thread. */
export type RenderJob = { kind: 'pdf'; doc: ProtocolDocument; digest: string; key: Pick<InstanceKey, 'p12' | 'passphrase' | 'fingerprint' | 'subject'>; sealedExport: string } | { kind: 'docx'; doc: ProtocolDocument }
	| { kind: 'plain-pdf'; doc: ProtocolDocument };

export async function renderJob(job: RenderJob): Promise<Uint8Array> {
	if (job.kind === 'docx') return new Uint8Array(await renderDocx(job.doc));
	if (job.kind === 'plain-pdf') return new Uint8Array(await renderPlainPdf(job.doc));
	const key = { ...job.key, p12: Buffer.from(job.key.p12) } as InstanceKey;
	return new Uint8Array(await renderPdf(job.doc, job.digest, key, job.sealedExport));
}
