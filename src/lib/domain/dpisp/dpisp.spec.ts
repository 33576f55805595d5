import { describe, expect, it } from 'vitest';
import { fillPlaceholders, listNames, placeholdersIn } from './placeholders';
import { clauseStatus, parsePositionKey, positionKey, protocolReady, type Position } from './positions';
import { cellKey, cellProblems, rowUndecided, undecidedCount, undecidedIn, type SharingCell } from './sharing';
import { findPersonalData, mask } from './personal-data';
import { compareVersions, diffText } from './text-diff';

describe('placeholders', () => {
	it('fills known placeholders and leaves unknown ones visible', () => {
		expect(fillPlaceholders('Between {{agencies}}, led by {{ leadAgency }}, in {{country}}.', { agencies: 'A and B', leadAgency: 'A' })).toBe('Between A and B, led by A, in {{country}}.');
		expect(placeholdersIn('{{a}} and {{b}}')).toEqual(['a', 'b']);
	});
	it('lists names in the workshop language', () => {
		expect(listNames(['UNICEF', 'SCI', 'IRC'], 'en')).toBe('UNICEF, SCI, and IRC');
		expect(listNames(['UNICEF', 'SCI', 'IRC'], 'fr')).toBe('UNICEF, SCI et IRC');
	});
});

describe('positions', () => {
	const agencies = ['a', 'b', 'c'];
	const status = (entries: [string, Position][]) => clauseStatus(new Map(entries), agencies);
	it('is agreed only when every agency agrees (reservations count)', () => {
		expect(status([['a', 'agree'], ['b', 'reservation'], ['c', 'agree']])).toBe('agreed');
		expect(status([['a', 'agree'], ['b', 'agree']])).toBe('partial');
		expect(status([])).toBe('open');
	});
	it('reports objections and legal review first', () => {
		expect(status([['a', 'agree'], ['b', 'object'], ['c', 'legal-review']])).toBe('objected');
		expect(status([['a', 'agree'], ['b', 'legal-review'], ['c', 'agree']])).toBe('legal-review');
	});
	it('is ready for sign-off when every clause is agreed', () => {
		expect(protocolReady(['agreed', 'agreed'])).toBe(true);
		expect(protocolReady(['agreed', 'partial'])).toBe(false);
		expect(protocolReady([])).toBe(false);
	});
	it('keys positions by clause and agency', () => {
		expect(parsePositionKey(positionKey('clause-1', 'agency|x'))).toEqual({ clauseId: 'clause-1|agency', agencyId: 'x' });
		expect(parsePositionKey(positionKey('c1', 'a1'))).toEqual({ clauseId: 'c1', agencyId: 'a1' });
	});
});

describe('sharing matrix', () => {
	const cell = (c: Partial<SharingCell>): SharingCell => ({ decision: 'undecided', conditions: [], channel: '', ...c });
	it('asks conditional cells for a condition and allowed cells for a channel', () => {
		expect(cellProblems(cell({ decision: 'conditional' }))).toEqual(['conditional-without-condition', 'allowed-without-channel']);
		expect(cellProblems(cell({ decision: 'conditional', conditions: ['consent'], channel: 'in-system' }))).toEqual([]);
		expect(cellProblems(cell({ decision: 'no' }))).toEqual([]);
	});
	it('counts undecided cells', () => {
		expect(undecidedCount(['x', 'y'], ['r'], new Map([['x|r', cell({ decision: 'no' })]]))).toBe(1);
	});
});

describe('deciding a whole row or column of the sharing matrix', () => {
	const cells = new Map<string, SharingCell>([
		[cellKey('health', 'ALP'), { decision: 'no', conditions: [], channel: '' }],
		[cellKey('health', 'BET'), { decision: 'undecided', conditions: [], channel: '' }]
	]);
	const categories = ['health', 'stats'];
	const recipients = ['ALP', 'BET'];

	it('takes only the cells nobody has decided, never overwriting a decision', () => {
		expect(undecidedIn({ category: 'health' }, categories, recipients, cells)).toEqual([{ category: 'health', recipient: 'BET' }]);
		expect(undecidedIn({ recipient: 'ALP' }, categories, recipients, cells)).toEqual([{ category: 'stats', recipient: 'ALP' }]);
	});

	it('knows which rows still have something to decide', () => {
		expect(rowUndecided('health', recipients, cells)).toBe(true);
		expect(rowUndecided('health', ['ALP'], cells)).toBe(false);
	});
});

describe('personal-data guard', () => {
	const today = new Date(Date.UTC(2026, 10, 26));
	const patterns = [/\b[A-Z]{2,5}-\d{2,4}-\d{3,}\b/];
	it('finds e-mails, phone numbers, case numbers and children’s birth dates', () => {
		const found = findPersonalData('Call +254 712 345 678 or amina.k@example.org about case KEN-2026-00412, born 14/03/2015.', patterns, today);
		expect(found.map((f) => f.kind)).toEqual(['phone', 'email', 'case-number', 'birth-date']);
		expect(found.every((f) => !f.masked.includes('345'))).toBe(true);
	});
	it('leaves ordinary protocol text alone', () => {
		expect(findPersonalData('Within 72 hours, by 2 working days, in 2026; clause 18; version 1.2.3; signed 12 March 2026.', patterns, today)).toEqual([]);
		expect(findPersonalData('Adopted on 01/02/2000 by the board.', patterns, today)).toEqual([]);
	});
	it('finds the names of people where the text shows them to be names', () => {
		const kinds = (text: string) => findPersonalData(text, patterns, today).map((f) => `${f.kind}:${f.masked}`);
		expect(kinds('Amina, aged 12, lives with her uncle.')).toEqual([`name:${mask('Amina, aged 12')}`]);
		expect(kinds('The girl named Grace Achieng was referred.')).toEqual([`name:${mask('named Grace Achieng')}`]);
		expect(kinds('Mr Okello called the office.')).toEqual([`name:${mask('Mr Okello')}`]);
		expect(kinds('Fatou (9) et Moussa, 11 ans, sont arrivés.')).toEqual([`name:${mask('Fatou (9)')}`, `name:${mask('Moussa, 11 ans')}`]);
		expect(kinds("L'enfant s'appelle Aïcha.")).toEqual([`name:${mask("s'appelle Aïcha")}`]);
	});

	it('leaves capitalised words that are not names alone', () => {
		for (const text of [
			'Children aged 15 and over give their own consent.',
			'Step 9 sets the chain; Article 33 gives 72 hours; Clause 12 applies.',
			'Alpha Aid and Beta Care share only as Annex A allows.',
			'Notify the Supervisory Authority within 72 hours (Art. 33).'
		]) {
			expect(findPersonalData(text, patterns, today), text).toEqual([]);
		}
	});

	it('masks values', () => {
		expect(mask('+254712345678')).toBe('+2••••••••78');
		expect(mask('abc')).toBe('•••');
	});
});

describe('version comparison', () => {
	it('shows word changes, added and removed clauses', () => {
		const v1 = [
			{ id: 'a', title: 'Purpose', text: 'Share data with partners.' },
			{ id: 'b', title: 'Old', text: 'Gone.' }
		];
		const v2 = [
			{ id: 'a', title: 'Purpose', text: 'Share aggregated data with partners.' },
			{ id: 'c', title: 'New', text: 'Added.' }
		];
		const changes = compareVersions(v1, v2);
		expect(changes.map((c) => `${c.kind}:${c.id}`)).toEqual(['changed:a', 'added:c', 'removed:b']);
		const changed = changes[0];
		expect(changed.kind === 'changed' && changed.parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['aggregated']);
		expect(diffText('same', 'same')).toEqual([{ kind: 'same', text: 'same' }]);
	});
});
