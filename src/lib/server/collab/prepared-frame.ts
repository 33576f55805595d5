import type { WebSocket } from 'ws';

/**
 * Messages encoded once as complete WebSocket frames (header and payload), back to back in one
 * buffer, so that sending a turn's messages to the sixty people of a room costs sixty socket writes
 * and not sixty framings of each. The same idea as socket.io's pre-encoded broadcast frames: the
 * bytes go straight to `ws`'s own sender when it has nothing queued, and message by message through
 * `ws.send` (which queues them) otherwise, so order is kept. Each frame stays its own message for the
 * receiver.
 *
 * Only for what the server sends: unmasked, binary, one fragment, no compression (the collaboration
 * server never negotiates permessage-deflate).
 */
export interface PreparedFrame {
	readonly payloads: readonly Uint8Array[];
	readonly wire: Buffer;
}

const FIN_BINARY = 0x82;

/** One message, framed once. */
export function prepareFrame(payload: Uint8Array): PreparedFrame {
	const { header, wire } = frameOne(payload);
	// the payload is kept as a view of the frame, not a second copy (a board for newcomers can be megabytes)
	return { payloads: [wire.subarray(header)], wire };
}

/** Several messages, framed once, in one buffer: one write per receiver. */
export function prepareFrames(payloads: readonly Uint8Array[]): PreparedFrame {
	if (payloads.length === 1) return prepareFrame(payloads[0]);
	const wire = Buffer.concat(payloads.map((p) => frameOne(p).wire));
	return { payloads, wire };
}

function frameOne(payload: Uint8Array): { header: number; wire: Buffer } {
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
	return { header: headerBytes, wire };
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
	else for (const payload of frame.payloads) ws.send(payload, { binary: true });
}
