import { KIT_FILES, localeCode, type Kit, type KitDpia, type KitScales } from './kit-schema';

/**
 * Checking a kit as a whole, beyond each file's schema: every file present and valid, every text in
 * every language the kit declares, and the DPIA's references to its scales. Each problem names the
 * file and the path inside it, so a kit author can fix it without reading code.
 */
export interface KitProblem {
	file: string;
	path: string;
	reason: string;
}

/** Formats a zod issue path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
	let out = '';
	for (const key of path) {
		if (typeof key === 'number') out += `[${key}]`;
		else out += out ? `.${String(key)}` : String(key);
	}
	return out || '(root)';
}

/** Every localised text in a kit must have every language its manifest declares. */
export function findMissingTranslations(value: unknown, languages: readonly string[], file: string): KitProblem[] {
	const problems: KitProblem[] = [];
	const walk = (node: unknown, path: PropertyKey[]) => {
		if (Array.isArray(node)) {
			node.forEach((child, i) => walk(child, [...path, i]));
			return;
		}
		if (!node || typeof node !== 'object') return;
		const entries = Object.entries(node);
		const isText = entries.length > 0 && entries.every(([k, v]) => localeCode.safeParse(k).success && typeof v === 'string');
		if (isText) {
			for (const lang of languages) {
				if (!(lang in node)) problems.push({ file, path: formatPath(path), reason: `missing the "${lang}" text` });
			}
			return;
		}
		for (const [k, v] of entries) walk(v, [...path, k]);
	};
	walk(value, []);
	return problems;
}

/** Checks raw kit files (already parsed from JSON). Returns the kit or every problem found. */
export function validateKit(
	raw: Record<keyof typeof KIT_FILES, unknown>,
	expectedId?: string
): { ok: true; kit: Kit } | { ok: false; problems: KitProblem[] } {
	const problems: KitProblem[] = [];
	const parsed: Partial<Kit> = {};
	for (const [key, { file, schema }] of Object.entries(KIT_FILES) as [keyof Kit, (typeof KIT_FILES)[keyof Kit]][]) {
		const result = schema.safeParse(raw[key]);
		if (result.success) (parsed as Record<string, unknown>)[key] = result.data;
		else for (const issue of result.error.issues) problems.push({ file, path: formatPath(issue.path), reason: issue.message });
	}
	const manifest = parsed.manifest;
	if (manifest) {
		if (expectedId && manifest.id !== expectedId) {
			problems.push({ file: KIT_FILES.manifest.file, path: 'id', reason: `must equal the folder name "${expectedId}"` });
		}
		for (const [key, { file }] of Object.entries(KIT_FILES)) {
			problems.push(...findMissingTranslations(raw[key as keyof Kit], manifest.languages, file));
		}
	}
	const { scales, dpia } = parsed;
	if (scales && dpia) problems.push(...crossCheckDpia(scales, dpia));
	if (problems.length > 0 || Object.keys(KIT_FILES).some((k) => !(parsed as Record<string, unknown>)[k])) return { ok: false, problems };
	return { ok: true, kit: parsed as Kit };
}

/** Checks between files: default ratings within the scales, the acceptance band among the bands. */
function crossCheckDpia(scales: KitScales, dpia: KitDpia): KitProblem[] {
	const out: KitProblem[] = [];
	const file = KIT_FILES.dpia.file;
	if (!scales.priority.bands.some((b) => b.id === dpia.acceptanceFromBand)) {
		out.push({ file, path: 'acceptanceFromBand', reason: `names unknown band "${dpia.acceptanceFromBand}"` });
	}
	dpia.risks.forEach((r, i) => {
		if (r.severity > scales.severity.levels.length) out.push({ file, path: `risks[${i}].severity`, reason: 'is above the highest severity level' });
		if (r.likelihood > scales.likelihood.levels.length) out.push({ file, path: `risks[${i}].likelihood`, reason: 'is above the highest likelihood level' });
	});
	return out;
}
