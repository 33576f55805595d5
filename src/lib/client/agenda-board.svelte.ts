import { AgendaDoc, type AgendaPatch } from '$lib/collab/agenda-doc';
import type { AgendaItem } from '$lib/domain/agenda';
import { positionAfterLast, positionForMove } from '$lib/domain/ordering';
import type { BoardConnection } from './board-connection.svelte';
import { OwnUndo } from './undo.svelte';
import { YView } from './yjs-view.svelte';

/** The agenda board in the browser: its items as runes and the edits a person can make. */
export class AgendaBoard {
	readonly #agenda: AgendaDoc;
	readonly #items: YView<AgendaItem[]>;
	readonly undo: OwnUndo;

	constructor(private readonly connection: BoardConnection) {
		this.#agenda = new AgendaDoc(connection.doc);
		this.#items = new YView(this.#agenda.observed, () => this.#agenda.items());
		this.undo = new OwnUndo(this.#agenda.observed, connection.origin);
	}

	get items(): AgendaItem[] {
		return this.#items.current;
	}

	update(id: string, patch: AgendaPatch): void {
		this.#agenda.update(id, patch, this.connection.origin);
	}

	add(title: string): string {
		const items = this.items;
		const id = crypto.randomUUID();
		this.#agenda.add({ id, title, minutes: 15, owner: '', board: 'general', position: positionAfterLast(items) }, this.connection.origin);
		return id;
	}

	remove(id: string): void {
		this.#agenda.remove(id, this.connection.origin);
	}

	move(index: number, to: number): void {
		const items = this.items;
		if (to < 0 || to >= items.length) return;
		this.update(items[index].id, { position: positionForMove(items, index, to) });
	}

	destroy(): void {
		this.undo.destroy();
	}
}
