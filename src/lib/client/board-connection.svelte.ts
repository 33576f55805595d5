import { page } from '$app/state';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { unsentTexts } from '$lib/collab/unsent';
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
	/** The copy kept on this device (IndexedDB) has been read: the board can show before the server answers. */
	localLoaded = $state(false);
	/** Edits were made while the connection was down and have not reached the server yet. */
	pendingOffline = $state(false);
	/** Offline edits have just reached the server ("all changes synced"). */
	justSynced = $state(false);
	/** The server is reachable but cannot take edits right now (storage fault, or at its board limit); it keeps retrying. */
	trouble = $state<'storage' | 'busy' | 'slow-down' | 'too-many' | null>(null);
	/** What this person wrote that the server refused or never got, when the connection stopped for good. */
	unsent = $state<string[]>([]);
	readonly local: IndexeddbPersistence | null = null;
	readonly #key: string;
	#everConnected = false;
	#failures = 0;
	#confirmTimer: ReturnType<typeof setTimeout> | undefined;
	// The browser knows first when the network is gone: stop writing into a dead socket, and
	// reconnect as soon as it is back (instead of waiting for the provider's back-off).
	readonly #offline = () => this.provider.disconnect();
	readonly #online = () => {
		if (this.status !== 'stopped') this.provider.connect();
	};

	constructor(
		readonly workshopId: string,
		readonly board: string
	) {
		const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
		// Retry at least once a second (the provider's default waits up to 2.5 s), so a restarted
		// server has everyone back within a few seconds; the browser's online event retries at once.
		this.provider = new WebsocketProvider(`${scheme}://${location.host}/collab/${workshopId}`, board, this.doc, { disableBc: true, maxBackoffTime: 1000 });
		this.origin = userOrigin(this.doc.clientID);
		// Each person's copy of each board is kept on their device, so offline edits survive a reload.
		this.#key = `accord/${page.data.user?.id ?? 'anonymous'}/${workshopId}/${board}`;
		if (typeof indexedDB !== 'undefined') {
			this.local = new IndexeddbPersistence(this.#key, this.doc);
			this.local.whenSynced
				.then(() => {
					this.localLoaded = true;
					// Edits kept from an earlier visit that the server never confirmed are still to sync.
					if (this.status !== 'connected' && this.#hasUnconfirmed()) this.pendingOffline = true;
				})
				.catch(() => (this.localLoaded = true));
		}
		addEventListener('offline', this.#offline);
		addEventListener('online', this.#online);
		this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
			if (origin === this.provider || origin === this.local) return;
			if (this.status !== 'connected') this.pendingOffline = true;
			else this.#scheduleConfirm();
		});
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
			if (!synced) return;
			if (this.pendingOffline) {
				this.pendingOffline = false;
				this.justSynced = true;
			}
			this.#scheduleConfirm();
		});
		this.provider.on('connection-close', (event) => {
			// `null` means the provider closed the socket itself (our own stop(), or its watchdog).
			if (!event || this.status === 'stopped') return;
			const code = event.code;
			const reason = CLOSE_REASONS[code];
			if (reason || isFinalClose(code)) return this.stop(reason ?? 'malformed');
			if (code === CloseCode.StorageUnavailable) this.trouble = 'storage';
			if (code === CloseCode.SlowDown) this.trouble = 'slow-down';
			this.#failures++;
			if (code === 1006 && (this.#failures === 1 || this.#failures % 5 === 0)) void this.#askWhy();
		});
	}

	async #askWhy(): Promise<void> {
		try {
			const response = await fetch(`/collab-access/${this.workshopId}/${this.board}`, { headers: { accept: 'application/json' } });
			const body = (await response.json()) as { refusal?: AccessRefusal };
			// the server is there but cannot serve the board for now: say so and keep trying
			if (body.refusal === 'busy') this.trouble = 'busy';
			else if (body.refusal === 'too-many-connections') this.trouble = 'too-many';
			else if (body.refusal === 'load-failed') this.trouble = 'storage';
			else if (body.refusal) this.stop(body.refusal);
		} catch {
			// offline: the provider keeps retrying, and the status says so
		}
	}

	/** The content the board can show: the server's, or this device's copy while the server is out of reach. */
	get ready(): boolean {
		return this.synced || this.localLoaded;
	}

	/**
	 * Remembers what the server holds once the connection has been quiet and connected for a moment
	 * (a refused write closes the socket at once, so a refused edit is never counted as held).
	 */
	#scheduleConfirm(): void {
		clearTimeout(this.#confirmTimer);
		this.#confirmTimer = setTimeout(() => {
			if (this.status !== 'connected' || !this.synced) return;
			this.trouble = null;
			try {
				localStorage.setItem(`${this.#key}/confirmed`, Y.encodeStateVector(this.doc).join(','));
			} catch {
				// storage full or disabled: the unsent copy falls back to nothing
			}
		}, 1500);
	}

	#confirmed(): Uint8Array | null {
		try {
			const saved = localStorage.getItem(`${this.#key}/confirmed`);
			return saved ? Uint8Array.from(saved.split(',').map(Number)) : null;
		} catch {
			return null;
		}
	}

	#hasUnconfirmed(): boolean {
		const confirmed = this.#confirmed();
		if (!confirmed) return false;
		const diff = Y.decodeUpdate(Y.encodeStateAsUpdate(this.doc, confirmed));
		return diff.structs.length > 0 || diff.ds.clients.size > 0;
	}

	#unsentTexts(): string[] {
		const confirmed = this.#confirmed();
		return confirmed ? unsentTexts(this.doc, confirmed) : [];
	}

	/** Forgets this device's copy (after the person copied what they need) and starts again from the server's. */
	async discardLocal(): Promise<void> {
		await this.local?.clearData();
		try {
			localStorage.removeItem(`${this.#key}/confirmed`);
		} catch {
			// nothing stored
		}
		location.reload();
	}

	stop(reason: StopReason): void {
		clearTimeout(this.#confirmTimer);
		this.stopReason = reason;
		this.status = 'stopped';
		this.provider.disconnect();
		this.unsent = this.#unsentTexts();
	}

	destroy(): void {
		removeEventListener('offline', this.#offline);
		removeEventListener('online', this.#online);
		clearTimeout(this.#confirmTimer);
		void this.local?.destroy();
		this.provider.destroy();
		this.doc.destroy();
	}
}
