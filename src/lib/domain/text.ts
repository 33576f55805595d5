/**
 * Text at Accord's boundaries is made well-formed Unicode: a lone surrogate (which JSON can carry as
 * "\\ud800") becomes U+FFFD. Stored text and hashed text are then the same bytes: SQLite stores
 * UTF-8, in which a lone surrogate cannot exist, so a hash computed over it before storage would
 * never match the stored row again.
 */
export function wellFormed<T>(value: T): T {
	if (typeof value === 'string') return value.toWellFormed() as T;
	if (Array.isArray(value)) return value.map((v) => wellFormed(v)) as T;
	if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toWellFormed(), wellFormed(v)])) as T;
	}
	return value;
}
