/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types are generic over their content */
import * as Y from 'yjs';
import type { TransactionOrigin } from './origins';

/**
 * Restoring a board is a change forward, never a rewind: the live document is edited, in one
 * transaction, until its content equals an earlier state's. Everyone connected receives it as an
 * ordinary update, and a browser that kept the newer content offline cannot bring it back (what it
 * holds is now deleted on the server too). Types are edited in place — a clause's rich text stays
 * the same fragment — so open editors stay bound to it.
 *
 * Boards are maps of records at the root (`textRoots` names the roots that are Y.Text); nested
 * values may be maps, rich-text fragments, texts, arrays or plain values.
 */
export function convergeTo(doc: Y.Doc, target: Y.Doc, textRoots: readonly string[], origin: TransactionOrigin): void {
	const names = new Set([...doc.share.keys(), ...target.share.keys()]);
	doc.transact(() => {
		for (const name of names) {
			if (textRoots.includes(name)) convergeText(doc.getText(name), target.getText(name));
			else convergeMap(doc.getMap(name), target.getMap(name));
		}
	}, origin);
}

function convergeMap(cur: Y.Map<any>, want: Y.Map<any>): void {
	for (const key of [...cur.keys()]) if (!want.has(key)) cur.delete(key);
	for (const [key, value] of want.entries()) {
		const now = cur.get(key);
		if (value instanceof Y.Map) {
			if (now instanceof Y.Map) convergeMap(now, value);
			else cur.set(key, value.clone());
		} else if (value instanceof Y.XmlFragment && !(value instanceof Y.XmlElement)) {
			if (now instanceof Y.XmlFragment && !(now instanceof Y.XmlElement)) convergeFragment(now, value);
			else cur.set(key, value.clone());
		} else if (value instanceof Y.Text) {
			if (now instanceof Y.Text) convergeText(now, value);
			else cur.set(key, value.clone());
		} else if (value instanceof Y.AbstractType) {
			// arrays and other types: replaced whole when they differ
			if (!(now instanceof Y.AbstractType) || JSON.stringify(now.toJSON()) !== JSON.stringify(value.toJSON())) cur.set(key, (value as any).clone());
		} else if (JSON.stringify(now) !== JSON.stringify(value)) {
			cur.set(key, value);
		}
	}
}

function convergeFragment(cur: Y.XmlFragment, want: Y.XmlFragment): void {
	if (cur.toString() === want.toString()) return;
	cur.delete(0, cur.length);
	cur.insert(
		0,
		want.toArray().map((child) => child.clone() as Y.XmlElement | Y.XmlText)
	);
}

function convergeText(cur: Y.Text, want: Y.Text): void {
	if (JSON.stringify(cur.toDelta()) === JSON.stringify(want.toDelta())) return;
	cur.delete(0, cur.length);
	cur.applyDelta(want.toDelta());
}
