import { describe, expect, it } from 'vitest';
import { canonicalJson, digestOf } from './canonical';
import { freezeGaps, NOTHING_MISSING } from './preconditions';
import { canSign, signingStage, type ExpectedSigner, type RecordedSignature } from './signing';

describe('canonical JSON and digest', () => {
	it('gives the same bytes whatever the key order', () => {
		expect(canonicalJson({ b: 1, a: [{ d: true, c: null }], e: 'é' })).toBe('{"a":[{"c":null,"d":true}],"b":1,"e":"é"}');
		expect(digestOf({ x: 1, y: 2 })).toBe(digestOf({ y: 2, x: 1 }));
	});
	it('gives another digest for any change', () => {
		const base = { clauses: [{ n: 1, text: 'Share data' }] };
		expect(digestOf(base)).not.toBe(digestOf({ clauses: [{ n: 1, text: 'Share  data' }] }));
		expect(digestOf(base)).toMatch(/^[0-9a-f]{64}$/);
	});
	it('refuses values JSON cannot carry exactly', () => {
		expect(() => canonicalJson({ x: Number.NaN })).toThrow();
		expect(() => canonicalJson({ f: () => 1 })).toThrow();
	});
});

describe('signing order', () => {
	const expected: ExpectedSigner[] = [
		{ kind: 'approver', userId: 'dpo', agencyId: null },
		{ kind: 'signatory', userId: 'a1', agencyId: 'A' },
		{ kind: 'signatory', userId: 'b1', agencyId: 'B' },
		{ kind: 'countersignatory', userId: 'a1', agencyId: 'A' }
	];
	const sig = (kind: RecordedSignature['kind'], userId: string, agencyId: string | null, decision: RecordedSignature['decision'] = 'signed'): RecordedSignature => ({ kind, userId, agencyId, decision });

	it('asks approvers first, then agencies in any order, then the lead agency', () => {
		expect(signingStage(expected, [])).toBe('approval');
		expect(canSign(expected, [], 'b1')).toEqual({ ok: false, reason: 'not-your-turn' });
		expect(canSign(expected, [], 'dpo')).toEqual({ ok: true, kind: 'approver' });
		const approved = [sig('approver', 'dpo', null)];
		expect(canSign(expected, approved, 'b1')).toEqual({ ok: true, kind: 'signatory' });
		const bSigned = [...approved, sig('signatory', 'b1', 'B')];
		expect(canSign(expected, bSigned, 'b1')).toEqual({ ok: false, reason: 'already-signed' });
		const both = [...bSigned, sig('signatory', 'a1', 'A')];
		expect(signingStage(expected, both)).toBe('countersignature');
		expect(canSign(expected, both, 'a1')).toEqual({ ok: true, kind: 'countersignatory' });
		expect(signingStage(expected, [...both, sig('countersignatory', 'a1', 'A')])).toBe('complete');
		expect(canSign(expected, [...both, sig('countersignatory', 'a1', 'A')], 'a1')).toEqual({ ok: false, reason: 'closed' });
	});

	it('stops on a decline and refuses people not expected to sign', () => {
		expect(signingStage(expected, [sig('approver', 'dpo', null, 'declined')])).toBe('declined');
		expect(canSign(expected, [], 'someone')).toEqual({ ok: false, reason: 'not-expected' });
	});
});

describe('freeze preconditions', () => {
	it('lists everything missing', () => {
		const gaps = freezeGaps({
			...NOTHING_MISSING,
			clauses: [
				{ number: 1, title: 'Parties', agreed: true },
				{ number: 2, title: 'Purpose', agreed: false },
				{ number: 3, title: 'Audit', agreed: false, objectedBy: ['BET'] }
			],
			sharingCategories: [{ id: 'health', name: 'Health' }],
			sharingRecipients: [
				{ id: 'a', label: 'ALP' },
				{ id: 'b', label: 'BET' }
			],
			sharingDecided: ['health|a'],
			auditDecided: false,
			termsPublished: true,
			terms: [{ agency: 'ALP', ready: false }],
			chainWarnings: 2,
			unacceptedRisks: ['Lost laptop'],
			dpiaReady: false,
			signatories: [{ agency: 'BET', count: 0 }]
		});
		expect(gaps.map((g) => g.kind)).toEqual(['clause-not-agreed', 'clause-objected', 'sharing-undecided', 'audit-undecided', 'terms-not-ready', 'chain-errors', 'risk-not-accepted', 'dpia-not-ready', 'no-signatory']);
		// an objection names its agency; an undecided row names the recipients still open
		expect(gaps).toContainEqual({ kind: 'clause-objected', clause: 'Audit', number: 3, agency: 'BET' });
		expect(gaps).toContainEqual({ kind: 'sharing-undecided', category: 'Health', recipients: ['BET'] });
	});
	it('is empty when all holds', () => {
		expect(freezeGaps({ ...NOTHING_MISSING, clauses: [{ number: 1, title: 'P', agreed: true }], sharingCategories: [{ id: 'c', name: 'C' }], sharingRecipients: [{ id: 'r', label: 'R' }], sharingDecided: ['c|r'] })).toEqual([]);
	});
});
