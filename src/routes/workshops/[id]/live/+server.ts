import { error, json, type RequestHandler } from '@sveltejs/kit';
import { canEditBoards } from '$lib/domain/roles';
import { facilitationInput } from '$lib/domain/facilitation/input';
import { facilitatorCall, memberCall, readJson } from '$lib/server/http/board-api';

/** Running the day: timer, locks, votes and decisions. Everything but a ballot is the facilitator's. */
export const POST: RequestHandler = async (event) => {
	const input = await readJson(event, facilitationInput);
	const live = event.locals.app.facilitation;
	if (input.action === 'ballot') {
		const { workshop, user, member } = memberCall(event);
		if (!canEditBoards(member.role)) error(403, 'observers do not vote');
		return reply(live.ballot(workshop, input.voteId, user.id, input.allocations));
	}
	const { workshop, user, actor } = facilitatorCall(event);
	const named = { ...actor, label: actor.label ?? user.email };
	switch (input.action) {
		case 'timer':
			return reply(live.timer(workshop, input.timer, named));
		case 'lock':
			return reply(live.lock(workshop, input.board, input.item, input.locked, named, user.name));
		case 'open-vote':
			return reply(live.openVote(workshop, input.vote, named));
		case 'close-vote':
			return reply(live.closeVote(workshop, input.voteId, named));
		case 'decision': {
			const decision = live.typedDecision(workshop, input.text, input.board, named, user.name);
			return json({ ok: true, decision }, { status: 201 });
		}
	}
};

function reply(result: { ok: boolean }): Response {
	return json(result, { status: result.ok ? 200 : 409 });
}
