import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, placeholdersIn } from './dpisp/placeholders';
import { kitForRollout, termsFor } from './kit-schema';
import { formatPath, validateKit } from './kit-validation';

const dir = new URL('../../../workshop-kits/cpims-plus/', import.meta.url);
const read = (f: string) => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
const raw = () => ({ manifest: read('kit.json'), scales: read('scales.json'), agenda: read('agenda.json'), dpia: read('dpia.json'), dpisp: read('dpisp.json'), terms: read('terms.json'), breach: read('breach.json'), signing: read('signing.json') });

describe('kit schema', () => {
	it('accepts the cpims-plus kit', () => {
		const result = validateKit(raw(), 'cpims-plus');
		expect(result.ok).toBe(true);
	});

	it('reports file, path and reason for each problem', () => {
		const kit = raw();
		kit.scales.severity.levels[1].colour = 'red';
		delete kit.agenda.items[0].title.fr;
		const result = validateKit(kit, 'cpims-plus');
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toContainEqual({ file: 'scales.json', path: 'severity.levels[1].colour', reason: 'must be a colour such as "#1f6feb"' });
		expect(result.problems).toContainEqual({ file: 'agenda.json', path: 'items[0].title', reason: 'missing the "fr" text' });
	});

	it('refuses scales outside 3 to 5 levels and bands out of order', () => {
		const kit = raw();
		kit.scales.likelihood.levels = kit.scales.likelihood.levels.slice(0, 2);
		kit.scales.priority.bands[2].minScore = 2;
		const result = validateKit(kit);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['likelihood.levels', 'priority.bands[2].minScore']));
	});

	it('has a child-protection risk catalogue of at least 30 risks in every language', () => {
		const result = validateKit(raw(), 'cpims-plus');
		expect(result.ok && result.kit.dpia.risks.length).toBeGreaterThanOrEqual(30);
	});

	it('checks default ratings against the scales', () => {
		const kit = raw();
		kit.dpia.risks[0].severity = 5;
		kit.dpia.acceptanceFromBand = 'extreme';
		const result = validateKit(kit);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toEqual(
			expect.arrayContaining([
				{ file: 'dpia.json', path: 'risks[0].severity', reason: 'is above the highest severity level' },
				{ file: 'dpia.json', path: 'acceptanceFromBand', reason: 'names unknown band "extreme"' }
			])
		);
	});

	it('has at least 20 protocol clauses and refuses unknown placeholders', () => {
		const good = validateKit(raw(), 'cpims-plus');
		expect(good.ok && good.kit.dpisp.clauses.length).toBeGreaterThanOrEqual(20);
		const kit = raw();
		kit.dpisp.clauses[0].text.en = 'Between {{agencies}} and {{donor}}';
		const bad = validateKit(kit);
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.problems).toContainEqual({ file: 'dpisp.json', path: 'clauses[0].text.en', reason: 'uses unknown placeholder {{donor}}' });
	});

	it('fills the country’s parameters into the clauses: the consent age, retention periods, the time to answer a request', () => {
		const kit = raw();
		kit.dpisp.parameters.consentAge = 16;
		const result = validateKit(kit, 'cpims-plus');
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		const consent = result.kit.dpisp.clauses.find((c) => c.id === 'consent')!;
		expect(fillPlaceholders(consent.text.en, { consentAge: String(result.kit.dpisp.parameters.consentAge) })).toContain('Children aged 16 and over give their own informed consent');
		const retention = result.kit.dpisp.clauses.find((c) => c.id === 'retention')!;
		expect(placeholdersIn(retention.text.fr)).toEqual(['closedCaseRetentionYears', 'auditLogRetentionMonths', 'referralCopyDays']);
		// a parameter outside its range is refused, with its path
		kit.dpisp.parameters.consentAge = 4;
		const bad = validateKit(kit, 'cpims-plus');
		expect(!bad.ok && bad.problems.map((p) => `${p.file}: ${p.path}`)).toEqual(['dpisp.json: parameters.consentAge']);
	});

	it('gives government-only rollouts the agreement in lieu of the Terms, with its own checklist', () => {
		const result = validateKit(raw(), 'cpims-plus');
		if (!result.ok) throw new Error('invalid kit');
		const ngo = termsFor(result.kit.terms, 'inter-agency');
		const government = termsFor(result.kit.terms, 'government-only');
		expect(ngo.checklist.map((i) => i.id)).toEqual(expect.arrayContaining(['subject-rights', 'controller-processor', 'governance', 'framework-review']));
		expect(government.checklist.map((i) => i.id)).toEqual(expect.arrayContaining(['ownership', 'legal-basis', 'onward-sharing']));
		expect(government.defaultText.en).toContain('Agreement on the use of the case-management system');
		expect(ngo.defaultText.en).not.toContain('Agreement on the use');
	});

	it('fits a kit to the rollout: the UNHCR clause, recipient and refugee risks only where refugees are concerned', () => {
		const result = validateKit(raw(), 'cpims-plus');
		if (!result.ok) throw new Error('invalid kit');
		const refugee = kitForRollout(result.kit, 'refugee');
		const interAgency = kitForRollout(result.kit, 'inter-agency');
		expect(refugee.dpisp.clauses.map((c) => c.id)).toContain('unhcr');
		expect(interAgency.dpisp.clauses.map((c) => c.id)).not.toContain('unhcr');
		expect(refugee.dpisp.recipients.map((r) => r.id)).toContain('unhcr');
		expect(interAgency.dpisp.recipients.map((r) => r.id)).not.toContain('unhcr');
		expect(refugee.dpia.risks.map((r) => r.id)).toEqual(expect.arrayContaining(['status-to-authorities', 'registration-link']));
		expect(interAgency.dpia.risks.map((r) => r.id)).not.toContain('status-to-authorities');
		// what applies everywhere stays everywhere
		expect(interAgency.dpisp.clauses.length).toBe(refugee.dpisp.clauses.length - 1);
	});

	it('says which clause each annex belongs to, and refuses one that names no clause', () => {
		const kit = raw();
		kit.dpisp.annexClauses = { sharing: 'nowhere' };
		const bad = validateKit(kit, 'cpims-plus');
		expect(!bad.ok && bad.problems).toEqual([{ file: 'dpisp.json', path: 'annexClauses.sharing', reason: 'names unknown clause "nowhere"' }]);
	});

	it('refuses a manifest whose id does not match its folder', () => {
		const result = validateKit(raw(), 'other-kit');
		expect(result.ok).toBe(false);
	});

	it('formats paths', () => {
		expect(formatPath(['a', 0, 'b'])).toBe('a[0].b');
		expect(formatPath([])).toBe('(root)');
	});
});
