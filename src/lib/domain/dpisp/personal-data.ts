/**
 * A guard against typing personal data about children or families into the workshop: e-mail
 * addresses, phone numbers, case numbers (patterns from the kit), dates of birth of minors, and
 * people's names where the text gives them away as names (a title, "named …", or a name with an
 * age). It finds likely matches; people decide. Findings carry a masked excerpt only, never the value.
 */
export type PersonalDataKind = 'email' | 'phone' | 'case-number' | 'birth-date' | 'name';

export interface PersonalDataFinding {
	kind: PersonalDataKind;
	masked: string;
	index: number;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// A run of at least 8 digits, optionally with a leading + and spaces, dots or dashes between groups.
const PHONE = /(?<![\w/-])\+?\d(?:[ .-]?\d){7,14}(?![\w/-])/g;
const DATE = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b/g;
// A capitalised word, and optionally a second one: the shape of a given name and a family name.
const NAME = String.raw`\p{Lu}[\p{Ll}'’-]+(?:[ ]\p{Lu}[\p{Ll}'’-]+)?`;
const NAME_CUES = [
	// a title before it: Mr Okello, Mme Diallo
	new RegExp(String.raw`(?<![\p{L}])(?:Mr|Mrs|Ms|Miss|Dr|Mme|Mlle|Madame|Monsieur)\.?[ ]${NAME}`, 'gu'),
	// words that introduce a name: "named Amina", "s'appelle Fatou", "first name: Grace"
	new RegExp(String.raw`(?<![\p{L}])(?:[Nn]amed|[Cc]alled|[Nn]ame is|[Ff]irst name:?|[Ss]urname:?|[Nn]ommée?|[Aa]ppelée?|[Ss]'appelle|[Pp]rénom ?:?|[Nn]om de famille ?:?)[ ]${NAME}`, 'gu'),
	// a name with an age: "Amina, aged 12", "Amina, 12 years old", "Amina, 12 ans", "Amina (12)"
	new RegExp(String.raw`(?<![\p{L}])${NAME}(?:,[ ](?:aged|âgée?[ ]de)[ ]\d{1,2}\b|,[ ]\d{1,2}(?:[ -]years?(?:[ -]old)?|[ ]ans)\b|[ ]\(\d{1,2}\))`, 'gu')
];

export function mask(value: string): string {
	if (value.length <= 4) return '•'.repeat(value.length);
	return `${value.slice(0, 2)}${'•'.repeat(Math.min(8, value.length - 4))}${value.slice(-2)}`;
}

/** A date within the last 18 years, as a child's date of birth would be. */
function isMinorBirthDate(year: number, month: number, day: number, today: Date): boolean {
	if (month < 1 || month > 12 || day < 1 || day > 31) return false;
	const date = Date.UTC(year, month - 1, day);
	const now = today.getTime();
	const eighteen = Date.UTC(today.getUTCFullYear() - 18, today.getUTCMonth(), today.getUTCDate());
	return date <= now && date > eighteen;
}

export function findPersonalData(text: string, casePatterns: readonly RegExp[], today = new Date()): PersonalDataFinding[] {
	const out: PersonalDataFinding[] = [];
	const taken: [number, number][] = [];
	const add = (kind: PersonalDataKind, match: string, index: number) => {
		if (taken.some(([a, b]) => index < b && index + match.length > a)) return;
		taken.push([index, index + match.length]);
		out.push({ kind, masked: mask(match), index });
	};
	for (const m of text.matchAll(EMAIL)) add('email', m[0], m.index ?? 0);
	for (const pattern of casePatterns) {
		const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
		for (const m of text.matchAll(global)) add('case-number', m[0], m.index ?? 0);
	}
	for (const m of text.matchAll(DATE)) {
		const [day, month, year] = m[3] ? [Number(m[1]), Number(m[2]), Number(m[3])] : [Number(m[6]), Number(m[5]), Number(m[4])];
		if (isMinorBirthDate(year, month, day, today)) add('birth-date', m[0], m.index ?? 0);
	}
	for (const m of text.matchAll(PHONE)) add('phone', m[0], m.index ?? 0);
	for (const cue of NAME_CUES) for (const m of text.matchAll(cue)) add('name', m[0], m.index ?? 0);
	return out.sort((a, b) => a.index - b.index);
}
