import type { FacilitationProblem } from '$lib/domain/facilitation/input';
import { m } from '$lib/paraglide/messages';

/**
 * What a facilitator or participant reads when the server refuses a facilitation action: the
 * service's problem codes in words, in the person's language. A reason the server gave in its own
 * words (a malformed request) is shown inside a general sentence.
 */
const PROBLEMS: Record<FacilitationProblem, () => string> = {
	'unknown-item': m.live_problem_unknown_item,
	'not-running': m.live_problem_not_running,
	'unknown-board': m.live_problem_unknown_board,
	'unknown-vote': m.live_problem_unknown_vote,
	'vote-closed': m.live_problem_vote_closed,
	frozen: m.live_problem_frozen,
	'unknown-option': m.live_problem_unknown_option,
	'too-many-dots': m.live_problem_too_many_dots,
	negative: m.live_problem_negative
};

export function refusalText(status: number | 'offline', body: { problem?: string; message?: string }): string {
	if (status === 'offline') return m.live_problem_offline();
	const known = body.problem && Object.hasOwn(PROBLEMS, body.problem) ? PROBLEMS[body.problem as FacilitationProblem] : undefined;
	if (known) return known();
	if (status === 401) return m.live_problem_signed_out();
	if (status === 403) return m.live_problem_forbidden();
	return m.live_refused({ reason: body.problem ?? body.message ?? String(status) });
}
