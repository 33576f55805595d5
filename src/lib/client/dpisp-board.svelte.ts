import * as Y from 'yjs';
import { AUTHORS_ROOT } from '$lib/collab/authors';
import { DpispDoc, type Clause, type ClauseComment, type ClausePosition, type GuardFinding, type NewComment, type PositionReset, type RequestStep } from '$lib/collab/dpisp-doc';
import type { Block } from '$lib/collab/rich-text';
import { blocksToText } from '$lib/collab/rich-text';
import { clauseStatus, protocolReady, type ClauseStatus, type Position } from '$lib/domain/dpisp/positions';
import type { SharingCell } from '$lib/domain/dpisp/sharing';
import { positionAfterLast, positionForMove } from '$lib/domain/ordering';
import type { BoardConnection } from './board-connection.svelte';
import { OwnUndo } from './undo.svelte';
import { YView } from './yjs-view.svelte';

export interface ClauseView extends Clause {
	number: number;
	blocks: Block[];
	status: ClauseStatus;
	positions: ClausePosition[];
}

/** The protocol board in the browser: clauses with their text, positions and status as runes. */
export class DpispBoard {
	readonly #dpisp: DpispDoc;
	readonly undo: OwnUndo;
	readonly #clauses: YView<ClauseView[]>;
	readonly #resets: YView<PositionReset[]>;
	readonly #comments: YView<ClauseComment[]>;
	readonly #sharing: YView<Map<string, SharingCell>>;
	readonly #requests: YView<RequestStep[]>;
	readonly #findings: YView<GuardFinding[]>;
	readonly #lead: YView<string>;
	readonly #decision: YView<{ text: string; at: number }>;

	constructor(
		readonly connection: BoardConnection,
		private readonly agencyIds: string[]
	) {
		const doc = connection.doc;
		const d = (this.#dpisp = new DpispDoc(doc));
		const roots = (...names: string[]) => names.map((n) => doc.getMap(n) as Y.AbstractType<unknown>);
		this.#clauses = new YView(roots('clauses', 'texts', 'positions', AUTHORS_ROOT), () => {
			const positions = d.positions();
			return d.clauses().map((c, i) => {
				const mine = positions.filter((p) => p.clauseId === c.id);
				// A lookup computed from Yjs on each read, not reactive state.
				// eslint-disable-next-line svelte/prefer-svelte-reactivity
				return { ...c, number: i + 1, blocks: d.blocks(c.id), positions: mine, status: clauseStatus(new Map<string, Position>(mine.map((p) => [p.agencyId, p.value])), agencyIds) };
			});
		});
		this.#resets = new YView(roots('resets'), () => d.resets());
		this.#comments = new YView(roots('comments', AUTHORS_ROOT), () => d.comments());
		this.#sharing = new YView(roots('sharing'), () => d.sharing());
		this.#requests = new YView(roots('requests'), () => d.requests());
		this.#findings = new YView(roots('guard', AUTHORS_ROOT), () => d.findings());
		this.#lead = new YView(roots('meta'), () => d.leadAgency());
		this.#decision = new YView(roots('auditDecision'), () => d.auditDecision());
		this.undo = new OwnUndo(d.editable, connection.origin);
	}

	get clauses() {
		return this.#clauses.current;
	}
	get ready() {
		return protocolReady(this.clauses.map((c) => c.status));
	}
	get resets() {
		return this.#resets.current;
	}
	get comments() {
		return this.#comments.current;
	}
	get sharing() {
		return this.#sharing.current;
	}
	get requests() {
		return this.#requests.current;
	}
	get findings() {
		return this.#findings.current;
	}
	get leadAgency() {
		return this.#lead.current;
	}
	/** Step 9's audit-log decision, shown in the audit clause. */
	get auditDecision() {
		return this.#decision.current;
	}
	get origin() {
		return this.connection.origin;
	}

	/** The protocol's current text, as versions store it. */
	currentText() {
		return this.clauses.map((c) => ({ id: c.id, number: c.number, title: c.title, text: blocksToText(c.blocks) }));
	}

	addClause(title: string): string {
		const id = crypto.randomUUID();
		this.#dpisp.addClause({ id, title, decision: '', guidance: '', position: positionAfterLast(this.clauses), catalogueId: '' }, '', this.origin);
		return id;
	}

	moveClause(index: number, to: number) {
		const list = this.clauses;
		if (to < 0 || to >= list.length) return;
		this.#dpisp.updateClause(list[index].id, { position: positionForMove(list, index, to) }, this.origin);
	}

	setPosition(clauseId: string, agencyId: string, value: Position, comment: string) {
		this.#dpisp.setPosition({ clauseId, agencyId, value, comment }, this.origin);
	}

	updateClause(id: string, patch: Partial<Pick<Clause, 'title' | 'decision'>>) {
		this.#dpisp.updateClause(id, patch, this.origin);
	}

	removeClause(id: string) {
		this.#dpisp.removeClause(id, this.origin);
	}

	/** The clause's rich text, for the collaborative editor to bind to. */
	fragment(clauseId: string): Y.XmlFragment | null {
		return this.#dpisp.text(clauseId);
	}

	setLeadAgency(agencyId: string) {
		this.#dpisp.setLeadAgency(agencyId, this.origin);
	}

	addComment(comment: NewComment) {
		this.#dpisp.addComment(comment, this.origin);
	}

	setResolved(commentId: string, resolved: boolean) {
		this.#dpisp.setResolved(commentId, resolved, this.origin);
	}

	setSharing(categoryId: string, recipientId: string, cell: SharingCell) {
		this.#dpisp.setSharing(categoryId, recipientId, cell, this.origin);
	}

	/** Several cells at once (a whole row or column), as one change: one step to undo, one update to send. */
	setSharingMany(changes: { category: string; recipient: string; cell: SharingCell }[]) {
		this.#dpisp.doc.transact(() => {
			for (const c of changes) this.#dpisp.setSharing(c.category, c.recipient, c.cell, this.origin);
		}, this.origin);
	}

	setRequest(request: RequestStep) {
		this.#dpisp.setRequest(request, this.origin);
	}

	/** A new request type after the last one. */
	addRequest(label: string) {
		this.setRequest({ id: crypto.randomUUID(), label, receiver: '', decider: '', days: 10, logging: '', position: positionAfterLast(this.requests) });
	}

	removeRequest(id: string) {
		this.#dpisp.removeRequest(id, this.origin);
	}

	addFinding(finding: Omit<GuardFinding, 'by'>) {
		this.#dpisp.addFinding(finding, this.origin);
	}

	clearFinding(id: string) {
		this.#dpisp.clearFinding(id, this.origin);
	}

	destroy() {
		this.undo.destroy();
	}
}
