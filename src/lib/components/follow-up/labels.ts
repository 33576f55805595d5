import { m } from '$lib/paraglide/messages';
import type { FollowUpStatus } from '$lib/domain/follow-up/plan';

const STATUS: Record<FollowUpStatus, () => string> = {
	planned: m.followup_status_planned,
	'in-progress': m.followup_status_in_progress,
	done: m.followup_status_done,
	dropped: m.followup_status_dropped
};

export const statusLabel = (s: FollowUpStatus) => STATUS[s]();
export const statusTone = (s: FollowUpStatus) => (s === 'done' ? 'ok' : s === 'dropped' ? 'neutral' : s === 'in-progress' ? 'warn' : 'neutral') as 'ok' | 'warn' | 'neutral';

const PROBLEMS: Record<string, () => string> = {
	'not-signed': m.followup_problem_not_signed,
	forbidden: m.followup_problem_forbidden,
	'unknown-measure': m.followup_problem_unknown_measure,
	'unknown-owner': m.followup_problem_unknown_owner,
	'empty-file': m.followup_problem_empty_file,
	'file-too-large': m.followup_problem_file_too_large,
	'bad-date': m.followup_problem_bad_date,
	'bad-status': m.followup_problem_bad_status,
	'no-reason': m.followup_problem_no_reason,
	'empty-note': m.followup_problem_empty_note,
	'too-long': m.followup_problem_too_long,
	'bad-link': m.followup_problem_bad_link,
	'bad-owner': m.followup_problem_bad_owner,
	'unknown-change': m.followup_problem_unknown_change,
	'too-fast': m.followup_problem_too_fast
};

/** A refused change, in the person's words. */
export const followUpProblem = (problem: string) => (PROBLEMS[problem] ?? m.followup_problem_unknown_change)();
