import type * as Y from 'yjs';
import { AUTHORS_ROOT } from '$lib/collab/authors';
import { TermsDoc, type PublishedTerms, type RapidOnset, type TermsReview } from '$lib/collab/terms-doc';
import type { BoardConnection } from './board-connection.svelte';
import { YView } from './yjs-view.svelte';

/** The Terms of Use board in the browser. */
export class TermsBoard {
	readonly #terms: TermsDoc;
	readonly #draft: YView<string>;
	readonly #published: YView<PublishedTerms[]>;
	readonly #reviews: YView<TermsReview[]>;
	readonly #rapidOnset: YView<RapidOnset>;

	constructor(
		readonly connection: BoardConnection,
		private readonly apiBase: string
	) {
		const t = (this.#terms = new TermsDoc(connection.doc));
		this.#draft = new YView([t.draft as Y.AbstractType<unknown>], () => t.draft.toString());
		this.#published = new YView([connection.doc.getMap('published') as Y.AbstractType<unknown>], () => t.published());
		this.#reviews = new YView([connection.doc.getMap('reviews') as Y.AbstractType<unknown>, connection.doc.getMap(AUTHORS_ROOT) as Y.AbstractType<unknown>], () => t.reviews());
		this.#rapidOnset = new YView([connection.doc.getMap('goLive') as Y.AbstractType<unknown>], () => t.rapidOnset());
	}

	/** Whether the system goes live before the Terms are signed (written by the server, on the facilitator's word). */
	get rapidOnset() {
		return this.#rapidOnset.current;
	}

	async setRapidOnset(on: boolean): Promise<boolean> {
		const response = await fetch(`${this.apiBase}/rapid-onset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ on }) }).catch(() => null);
		return response?.ok === true;
	}

	get draft() {
		return this.#draft.current;
	}
	get published() {
		return this.#published.current;
	}
	get current() {
		return this.published.at(-1) ?? null;
	}
	get reviews() {
		return this.#reviews.current;
	}

	setDraft(text: string) {
		this.#terms.replaceDraft(text, this.connection.origin);
	}

	review(r: Omit<TermsReview, 'at' | 'by'>) {
		this.#terms.setReview(r, this.connection.origin);
	}

	async publish(): Promise<{ ok: true; version: number } | { ok: false; problem: string }> {
		const response = await fetch(`${this.apiBase}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		const body = (await response.json().catch(() => ({}))) as { version?: number; problem?: string };
		return response.ok && body.version ? { ok: true, version: body.version } : { ok: false, problem: body.problem ?? 'other' };
	}
}
