import { describe, expect, it } from 'vitest';
import { canBeSignatory, canCreateWorkshops, canEditBoards, canManageWorkshop } from './roles';

describe('roles', () => {
	it('lets facilitators and participants edit boards, never observers', () => {
		expect(canEditBoards('facilitator')).toBe(true);
		expect(canEditBoards('participant')).toBe(true);
		expect(canEditBoards('observer')).toBe(false);
	});

	it('reserves workshop management to facilitators', () => {
		expect(canManageWorkshop('facilitator')).toBe(true);
		expect(canManageWorkshop('participant')).toBe(false);
		expect(canManageWorkshop('observer')).toBe(false);
	});

	it('lets admins and facilitators create workshops', () => {
		expect(canCreateWorkshops('admin')).toBe(true);
		expect(canCreateWorkshops('facilitator')).toBe(true);
		expect(canCreateWorkshops('member')).toBe(false);
	});

	it('only makes participants of an agency signatories', () => {
		expect(canBeSignatory('participant', 'a1')).toBe(true);
		expect(canBeSignatory('participant', null)).toBe(false);
		expect(canBeSignatory('observer', 'a1')).toBe(false);
	});
});
