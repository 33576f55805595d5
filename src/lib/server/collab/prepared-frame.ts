import type { WebSocket } from 'ws';

/**
 * A message encoded once as a complete WebSocket frame (header and payload), so that sending it to
 * the twenty people of a room costs twenty socket writes and not twenty framings. The same idea as
 * socket.io's pre-encoded broadcast frames: the frame goes straight to `ws`'s own sender when it has
 * nothing queued, and through `ws.send` (which queues it) otherwise, so order is kept.
 *
 * Only for what the server sends: unmasked, binary, one fragment, no compression (the collaboration
 * server never negotiates permessage-deflate).
 */
export interface PreparedFrame {
	readonly payload: Uint8Array;
	readonly wire: Buffer;
}

const FIN_BINARY = 0x82;

export function prepareFrame(payload: Uint8Array): PreparedFrame {
	const n = payload.byteLength;
	const headerBytes = n < 126 ? 2 : n < 65_536 ? 4 : 10;
	const wire = Buffer.allocUnsafe(headerBytes + n);
	wire[0] = FIN_BINARY;
	if (n < 126) {
		wire[1] = n;
	} else if (n < 65_536) {
		wire[1] = 126;
		wire.writeUInt16BE(n, 2);
	} else {
		wire[1] = 127;
		wire.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
		wire.writeUInt32BE(n >>> 0, 6);
	}
	wire.set(payload, headerBytes);
	// the payload is kept as a view of the frame, not a second copy (a board for newcomers can be megabytes)
	return { payload: wire.subarray(headerBytes), wire };
}

/** The parts of `ws`'s sender this relies on (ws 8: `_sender.sendFrame`, `_state` 0 when nothing is queued). */
interface SenderInternals {
	_state?: number;
	sendFrame?: (list: Buffer[], cb?: (error?: Error) => void) => void;
}

/** Whether frames can go to this socket's sender as they are; otherwise they are sent through `ws.send`. */
export function acceptsPreparedFrames(ws: WebSocket): boolean {
	const sender = (ws as unknown as { _sender?: SenderInternals })._sender;
	return typeof sender?.sendFrame === 'function' && sender._state === 0 && ws.extensions === '';
}

export function sendPrepared(ws: WebSocket, frame: PreparedFrame): void {
	if (acceptsPreparedFrames(ws)) (ws as unknown as { _sender: Required<SenderInternals> })._sender.sendFrame([frame.wire]);
	else ws.send(frame.payload, { binary: true });
}
