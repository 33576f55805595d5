import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from '../../collab/protocol';

/** Encoders for the frames the server sends. Each frame is encoded once and sent to many. */
function syncFrame(step: number, payload: Uint8Array): Uint8Array {
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, MessageType.Sync);
	encoding.writeVarUint(enc, step);
	encoding.writeVarUint8Array(enc, payload);
	return encoding.toUint8Array(enc);
}

export const syncStep1Frame = (stateVector: Uint8Array) => syncFrame(SyncStep.Step1, stateVector);
export const syncStep2Frame = (update: Uint8Array) => syncFrame(SyncStep.Step2, update);
export const updateFrame = (update: Uint8Array) => syncFrame(SyncStep.Update, update);

export interface PresenceRecord {
	clientId: number;
	clock: number;
	/** JSON of the state, or null when the client left. */
	json: string | null;
}

export function awarenessFrame(records: Iterable<PresenceRecord>): Uint8Array {
	const list = [...records];
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, list.length);
	for (const r of list) {
		encoding.writeVarUint(inner, r.clientId);
		encoding.writeVarUint(inner, r.clock);
		encoding.writeVarString(inner, r.json ?? 'null');
	}
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, MessageType.Awareness);
	encoding.writeVarUint8Array(enc, encoding.toUint8Array(inner));
	return encoding.toUint8Array(enc);
}
