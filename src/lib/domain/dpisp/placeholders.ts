/**
 * Default clause texts carry placeholders such as {{agencies}} that fill from the workshop when the
 * protocol is seeded. Unknown placeholders are left in place, visibly, for people to fix.
 */
export const PLACEHOLDERS = ['agencies', 'leadAgency', 'context', 'date', 'workshop'] as const;
/** The kit's parameters a clause may also name: judgement calls set for the country (see docs/kit-authoring.md). */
export const PARAMETER_PLACEHOLDERS = ['consentAge', 'closedCaseRetentionYears', 'auditLogRetentionMonths', 'referralCopyDays', 'rightsResponseDays'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number] | (typeof PARAMETER_PLACEHOLDERS)[number];

const PATTERN = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

export function placeholdersIn(text: string): string[] {
	return [...text.matchAll(PATTERN)].map((m) => m[1]);
}

export function fillPlaceholders(text: string, values: Partial<Record<Placeholder, string>>): string {
	return text.replace(PATTERN, (whole, name: string) => values[name as Placeholder] ?? whole);
}

/** "A, B and C" in the workshop's language. */
export function listNames(names: readonly string[], locale: string): string {
	return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names);
}
