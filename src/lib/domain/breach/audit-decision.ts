import { listNames } from '../dpisp/placeholders';

/** The audit-log decision as the sentence written into the protocol's audit clause. */
export interface AuditDecisionLabels {
	viewers: string[];
	purposes: string[];
	frequency: string;
	findingsTo: string;
	retention: string;
}

export function auditDecisionSentence(template: string, d: AuditDecisionLabels, locale: string): string {
	if (d.viewers.length === 0) return '';
	const values: Record<string, string> = {
		viewers: listNames(d.viewers, locale),
		purposes: d.purposes.length ? listNames(d.purposes, locale) : '—',
		frequency: d.frequency.trim() || '—',
		findingsTo: d.findingsTo.trim() || '—',
		retention: d.retention.trim() || '—'
	};
	return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
