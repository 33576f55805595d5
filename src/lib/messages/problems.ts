import { m } from '$lib/paraglide/messages';

/** Maps the problem and validation keys the server returns to catalogue messages. */
const MESSAGES: Record<string, () => string> = {
	'too-short': m.problem_too_short,
	'too-long': m.problem_too_long,
	'too-common': m.problem_too_common,
	'contains-email': m.problem_contains_email,
	'email-taken': m.problem_email_taken,
	'invalid-email': m.problem_invalid_email,
	'invalid-name': m.problem_invalid_name,
	title: m.invalid_title,
	context: m.invalid_context,
	date: m.invalid_date,
	'rollout-type': m.invalid_rollout_type,
	kit: m.invalid_kit,
	'unknown-kit': m.invalid_kit,
	language: m.invalid_language,
	agencies: m.invalid_agencies,
	'agency-name': m.invalid_agency_name,
	'agency-short-name': m.invalid_agency_short_name,
	'agency-colour': m.invalid_agency_colour,
	'agency-duplicate': m.invalid_agency_duplicate,
	expiry: m.invalid_expiry,
	uses: m.invalid_uses,
	agency: m.invalid_agency,
	'unknown-agency': m.invalid_agency,
	role: m.invalid_role,
	'signatory-role': m.invalid_signatory_role,
	'last-facilitator': m.people_last_facilitator,
	'wrong-password': m.account_wrong_password,
	throttled: m.sign_problem_throttled,
	expired: m.join_problem_expired,
	revoked: m.join_problem_revoked,
	'used-up': m.join_problem_used_up,
	unknown: m.join_problem_unknown
};

export function problemMessage(key: string | undefined | null): string {
	return (key && MESSAGES[key]?.()) || m.form_has_errors();
}
