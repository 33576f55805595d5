/**
 * The copies of boards this browser keeps in IndexedDB (`BoardConnection`: one database per person,
 * workshop and board, named `accord/<user>/<workshop>/<board>`), listed and removed on request so
 * that a shared computer does not keep a workshop's drafts after its people have signed out.
 */
const PREFIX = 'accord/';

export async function deviceCopies(): Promise<string[]> {
	if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
	const databases = await indexedDB.databases();
	return databases.map((d) => d.name ?? '').filter((name) => name.startsWith(PREFIX));
}

/** Deletes the copies; one still open in another tab is deleted once that tab lets go of it. */
export async function removeDeviceCopies(names: readonly string[]): Promise<void> {
	await Promise.all(
		names.map(
			(name) =>
				new Promise<void>((resolve, reject) => {
					const request = indexedDB.deleteDatabase(name);
					request.onsuccess = () => resolve();
					request.onblocked = () => resolve();
					request.onerror = () => reject(request.error);
				})
		)
	);
}
