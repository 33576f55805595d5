import fs from 'node:fs';
import path from 'node:path';
import { KIT_FILES, kitForRollout, type Kit } from '../domain/kit-schema';
import { validateKit, type KitProblem } from '../domain/kit-validation';
import { tailorKit, type RecordedKitChange } from '../domain/kit-tailoring';

export interface KitCheck {
	kits: Kit[];
	problems: (KitProblem & { kit: string })[];
}

function readJson(file: string): { ok: true; value: unknown } | { ok: false; reason: string } {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (e) {
		return { ok: false, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : `cannot be read (${(e as Error).message})` };
	}
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (e) {
		return { ok: false, reason: `is not valid JSON: ${(e as Error).message}` };
	}
}

/** Reads and validates every kit under `dir` (one folder per kit). */
export function checkKits(dir: string): KitCheck {
	const result: KitCheck = { kits: [], problems: [] };
	let entries: fs.Dirent[];
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch {
		result.problems.push({ kit: path.basename(dir), file: dir, path: '(root)', reason: 'the kits folder cannot be read' });
		return result;
	}
	for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
		const raw: Record<string, unknown> = {};
		let readable = true;
		for (const [key, { file }] of Object.entries(KIT_FILES)) {
			const read = readJson(path.join(dir, entry.name, file));
			if (read.ok) raw[key] = read.value;
			else {
				readable = false;
				result.problems.push({ kit: entry.name, file: path.join(entry.name, file), path: '(root)', reason: read.reason });
			}
		}
		if (!readable) continue;
		const checked = validateKit(raw as Parameters<typeof validateKit>[0], entry.name);
		if (checked.ok) result.kits.push(checked.kit);
		else result.problems.push(...checked.problems.map((p) => ({ ...p, kit: entry.name, file: path.join(entry.name, p.file) })));
	}
	if (result.kits.length === 0 && result.problems.length === 0) {
		result.problems.push({ kit: '-', file: dir, path: '(root)', reason: 'no workshop kit found' });
	}
	return result;
}

export function formatKitProblems(problems: KitCheck['problems']): string {
	return problems.map((p) => `  ${p.file}: ${p.path}: ${p.reason}`).join('\n');
}

export class KitError extends Error {}

export class KitCatalogue {
	readonly #kits: Map<string, Kit>;
	constructor(kits: Kit[]) {
		this.#kits = new Map(kits.map((k) => [k.manifest.id, k]));
	}

	static load(dir: string): KitCatalogue {
		const { kits, problems } = checkKits(dir);
		if (problems.length > 0) throw new KitError(`The workshop kits in ${dir} are not valid:\n${formatKitProblems(problems)}`);
		return new KitCatalogue(kits);
	}

	/** A kit saved while running (a workshop's tailoring saved as a new kit). */
	add(kit: Kit): void {
		this.#kits.set(kit.manifest.id, kit);
	}

	get(id: string): Kit | null {
		return this.#kits.get(id) ?? null;
	}

	readonly #byRollout = new Map<string, Kit>();

	/** The standard kit for a rollout type, holding only what applies to it (a refugee rollout's UNHCR clause, risks and recipient, say). */
	standardFor(workshop: { kitId: string; rolloutType: string }): Kit | null {
		const key = `${workshop.kitId}|${workshop.rolloutType}`;
		const cached = this.#byRollout.get(key);
		if (cached) return cached;
		const kit = this.get(workshop.kitId);
		if (!kit) return null;
		const fitted = kitForRollout(kit, workshop.rolloutType);
		this.#byRollout.set(key, fitted);
		return fitted;
	}

	/** Where each workshop's tailoring is kept (set once by the app; without it, every workshop has the standard kit). */
	#tailoring: ((workshopId: string) => readonly RecordedKitChange[]) | null = null;
	readonly #tailored = new Map<string, Kit>();

	useTailoring(changes: (workshopId: string) => readonly RecordedKitChange[]): void {
		this.#tailoring = changes;
	}

	/** Forgets a workshop's tailored kit after a change, so the next read replays it. */
	invalidate(workshopId: string): void {
		this.#tailored.delete(workshopId);
	}

	/** A workshop's kit: the standard one for its rollout type, with the workshop's own changes applied. */
	forWorkshop(workshop: { id?: string; kitId: string; rolloutType: string; language?: string }): Kit | null {
		const standard = this.standardFor(workshop);
		if (!standard || !workshop.id || !this.#tailoring) return standard;
		const cached = this.#tailored.get(workshop.id);
		if (cached) return cached;
		const kit = tailorKit(standard, this.#tailoring(workshop.id), workshop.language ?? 'en');
		this.#tailored.set(workshop.id, kit);
		return kit;
	}

	list(): Kit[] {
		return [...this.#kits.values()];
	}
}
