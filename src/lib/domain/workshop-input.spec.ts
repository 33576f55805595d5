import { describe, expect, it } from 'vitest';
import { fieldErrors, invitationInput, memberChangeInput, workshopInput } from './workshop-input';

const valid = {
	title: 'CPIMS+ rollout, Cox’s Bazar',
	context: 'Bangladesh, refugee response',
	date: '2026-12-03',
	rolloutType: 'refugee',
	kitId: 'cpims-plus',
	language: 'en',
	agencies: [
		{ name: 'UNICEF', shortName: 'UNICEF', colour: '#1cabe2' },
		{ name: 'Save the Children', shortName: 'SCI', colour: '#da291c' }
	]
};

describe('workshop input', () => {
	it('accepts a complete workshop', () => {
		expect(workshopInput.safeParse(valid).success).toBe(true);
	});

	it('names each field that is wrong', () => {
		const result = workshopInput.safeParse({ ...valid, title: 'x', date: '3 Dec', agencies: [{ name: 'U', shortName: '', colour: 'blue' }] });
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(fieldErrors(result.error)).toMatchObject({
			title: 'title',
			date: 'date',
			'agencies.0.name': 'agency-name',
			'agencies.0.shortName': 'agency-short-name',
			'agencies.0.colour': 'agency-colour'
		});
	});

	it('refuses two agencies with the same short name', () => {
		const result = workshopInput.safeParse({ ...valid, agencies: [valid.agencies[0], { ...valid.agencies[1], shortName: 'unicef' }] });
		expect(result.success).toBe(false);
	});
});

describe('invitation and member input', () => {
	it('only makes participants signatories', () => {
		expect(invitationInput.safeParse({ agencyId: 'a', role: 'observer', isSignatory: true, expiresInDays: 7, maxUses: 5 }).success).toBe(false);
		expect(invitationInput.safeParse({ agencyId: 'a', role: 'participant', isSignatory: true, expiresInDays: 7, maxUses: 5 }).success).toBe(true);
		expect(memberChangeInput.safeParse({ role: 'participant', agencyId: null, isSignatory: true }).success).toBe(false);
	});

	it('bounds expiry and uses', () => {
		expect(invitationInput.safeParse({ agencyId: 'a', role: 'participant', isSignatory: false, expiresInDays: 0, maxUses: 5 }).success).toBe(false);
		expect(invitationInput.safeParse({ agencyId: 'a', role: 'participant', isSignatory: false, expiresInDays: 7, maxUses: 100000 }).success).toBe(false);
	});
});
