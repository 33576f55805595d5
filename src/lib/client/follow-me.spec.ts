import { describe, expect, it } from 'vitest';
import { FollowMe, type FollowView } from './follow-me';

const W = '/workshops/w1';
const view = (patch: Partial<FollowView> = {}, follow: Partial<FollowView['follow']> = {}): FollowView => ({
	synced: true,
	isFacilitator: false,
	following: true,
	here: `${W}/boards/dpia`,
	...patch,
	follow: { board: `${W}/boards/dpisp`, view: '', by: 'Fatima', summon: 0, ...follow }
});

describe('follow me', () => {
	it('takes a follower to the facilitator’s page, never outside the workshop, never before the board is in step', () => {
		const f = new FollowMe('w1');
		expect(f.destination(view())).toBe(`${W}/boards/dpisp`);
		expect(f.destination(view({ synced: false }))).toBeNull();
		expect(f.destination(view({ following: false }))).toBeNull();
		expect(f.destination(view({ isFacilitator: true }))).toBeNull();
		expect(f.destination(view({ here: `${W}/boards/dpisp` }))).toBeNull();
		expect(f.destination(view({}, { board: '/workshops/other/boards/dpia' }))).toBeNull();
		expect(f.destination(view({}, { board: 'https://evil.example/' }))).toBeNull();
	});

	it('treats the summons found on opening as history, and each newer one as news for everyone but facilitators', () => {
		const f = new FollowMe('w1');
		expect(f.summoned(view({ synced: false }, { summon: 5 }))).toBe(false);
		expect(f.summoned(view({}, { summon: 5 }))).toBe(false);
		expect(f.summoned(view({}, { summon: 5 }))).toBe(false);
		expect(f.summoned(view({}, { summon: 9 }))).toBe(true);
		expect(f.summoned(view({}, { summon: 9 }))).toBe(false);
		const facilitator = new FollowMe('w1');
		facilitator.summoned(view({ isFacilitator: true }, { summon: 1 }));
		expect(facilitator.summoned(view({ isFacilitator: true }, { summon: 2 }))).toBe(false);
	});

	it('shows a follower the facilitator’s item once per move', () => {
		const f = new FollowMe('w1');
		const onPage = { here: `${W}/boards/dpisp` };
		expect(f.reveal(view(onPage, { view: 'clause-1' }))).toBe('clause-1');
		expect(f.reveal(view(onPage, { view: 'clause-1' }))).toBeNull();
		expect(f.reveal(view(onPage, { view: 'clause-2' }))).toBe('clause-2');
		expect(f.reveal(view(onPage, { view: 'clause-2', summon: 3 }))).toBe('clause-2');
		expect(f.reveal(view({}, { view: 'clause-3' }))).toBeNull();
	});

	it('publishes a leading facilitator’s page and item only when they differ from what followers are told', () => {
		const f = new FollowMe('w1');
		const facilitator = { isFacilitator: true, here: `${W}/boards/dpisp` };
		expect(f.mustLead(view(facilitator, { view: 'c1' }), true, 'c1')).toBe(false);
		expect(f.mustLead(view(facilitator, { view: 'c1' }), true, 'c2')).toBe(true);
		expect(f.mustLead(view(facilitator, { view: 'c1' }), false, 'c2')).toBe(false);
		expect(f.mustLead(view({ here: `${W}/boards/dpisp` }), true, 'c2')).toBe(false);
	});
});
