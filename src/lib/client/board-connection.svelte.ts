import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, isFinalClose, type AccessRefusal } from '$lib/collab/close-codes';
import { userOrigin, type TransactionOrigin } from '$lib/collab/origins';

export type BoardStatus = 'connecting' | 'connected' | 'offline' | 'stopped';

/** Why the connection stopped for good: an access refusal, or a final close code. */
export type StopReason = AccessRefusal | 'removed' | 'permissions' | 'too-large' | 'malformed' | 'forbidden' | 'session';

const CLOSE_REASONS: Record<number, StopReason> = {
	[CloseCode.SessionEnded]: 'session',
	[CloseCode.MemberRemoved]: 'removed',
	[CloseCode.PermissionsChanged]: 'permissions',
	[CloseCode.DocumentTooLarge]: 'too-large',
	[CloseCode.MalformedMessage]: 'malformed',
	[CloseCode.MissingDependencies]: 'malformed',
	[CloseCode.ForbiddenWrite]: 'forbidden'
};

/**
 * One board's live document in the browser: the stock y-websocket provider, its status as runes,
 * and the rule that final refusals stop the provider's endless retries (it would otherwise retry
 * every 2.5 s forever). A refused upgrade shows up in the browser only as a dropped connection, so
 * the reason is asked of /collab-access, which runs the same checks as the upgrade.
 */
export class BoardConnection {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	/** The origin of every local edit, so undo touches only this person's changes. */
	readonly origin: TransactionOrigin;
	status = $state<BoardStatus>('connecting');
	synced = $state(false);
	stopReason = $state<StopReason | null>(null);
	#everConnected = false;
	#failures = 0;

	constructor(
		readonly workshopId: string,
		readonly board: string
	) {
		const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
		this.provider = new WebsocketProvider(`${scheme}://${location.host}/collab/${workshopId}`, board, this.doc, { disableBc: true });
		this.origin = userOrigin(this.doc.clientID);
		this.provider.on('status', ({ status }) => {
			if (this.status === 'stopped') return;
			if (status === 'connected') {
				this.#everConnected = true;
				this.#failures = 0;
				this.status = 'connected';
			} else {
				this.status = this.#everConnected ? 'offline' : 'connecting';
			}
		});
		this.provider.on('sync', (synced: boolean) => {
			this.synced = synced;
		});
		this.provider.on('connection-close', (event) => {
			// `null` means the provider closed the socket itself (our own stop(), or its watchdog).
			if (!event || this.status === 'stopped') return;
			const code = event.code;
			const reason = CLOSE_REASONS[code];
			if (reason || isFinalClose(code)) return this.stop(reason ?? 'malformed');
			this.#failures++;
			if (code === 1006 && (this.#failures === 1 || this.#failures % 5 === 0)) void this.#askWhy();
		});
	}

	async #askWhy(): Promise<void> {
		try {
			const response = await fetch(`/collab-access/${this.workshopId}/${this.board}`, { headers: { accept: 'application/json' } });
			const body = (await response.json()) as { refusal?: AccessRefusal };
			if (body.refusal && body.refusal !== 'load-failed') this.stop(body.refusal);
		} catch {
			// offline: the provider keeps retrying, and the status says so
		}
	}

	stop(reason: StopReason): void {
		this.stopReason = reason;
		this.status = 'stopped';
		this.provider.disconnect();
	}

	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
	}
}
