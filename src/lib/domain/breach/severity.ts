/**
 * Breach severity, after ENISA's method: SE = DPC × EI + CB, where DPC (data-processing context)
 * is 1–4, EI (ease of identification) is 0.25–1, and CB (circumstances) adds 0.25–0.5 for each
 * loss of confidentiality, integrity or availability and 0.5 for malicious intent.
 * Child-protection override: a child's identity and location exposed to a possible perpetrator,
 * armed actor or hostile authority is "very high", whatever the score.
 */
export type BreachClass = 'low' | 'medium' | 'high' | 'very-high';
export const BREACH_CLASSES: readonly BreachClass[] = ['low', 'medium', 'high', 'very-high'];

export interface SeverityInput {
	dpc: number;
	ei: number;
	confidentiality: number;
	integrity: number;
	availability: number;
	malicious: boolean;
	childSafetyOverride: boolean;
}

export const EI_LEVELS = [0.25, 0.5, 0.75, 1] as const;
export const CB_LEVELS = [0, 0.25, 0.5] as const;

export function breachScore(i: SeverityInput): number {
	const dpc = Math.min(4, Math.max(1, Math.round(i.dpc)));
	const ei = Math.min(1, Math.max(0.25, i.ei));
	const cb = [i.confidentiality, i.integrity, i.availability].reduce((s, v) => s + Math.min(0.5, Math.max(0, v)), 0) + (i.malicious ? 0.5 : 0);
	return Math.round((dpc * ei + cb) * 100) / 100;
}

export function classOfScore(score: number): BreachClass {
	if (score >= 4) return 'very-high';
	if (score >= 3) return 'high';
	if (score >= 2) return 'medium';
	return 'low';
}

export function breachClass(i: SeverityInput): { score: number; class: BreachClass; overridden: boolean } {
	const score = breachScore(i);
	const byScore = classOfScore(score);
	return i.childSafetyOverride ? { score, class: 'very-high', overridden: byScore !== 'very-high' } : { score, class: byScore, overridden: false };
}
