import type { Measure } from '../dpia/assessment';
import type { FollowUpRow } from './plan';

/**
 * What a review starts from: the signed measures as the follow-up left them. A measure done is now
 * an existing control; one in progress stays planned and in progress; one dropped is not carried
 * (its reason stays in the signed workshop's follow-up); the owner agency and due date are the
 * follow-up's. Existing measures carry over as they were. Agency ids are mapped to the new workshop's.
 */
export function carriedMeasures(measures: readonly (Measure & { position: number })[], rows: readonly FollowUpRow[], agencyOf: (id: string) => string): (Measure & { position: number })[] {
	const byId = new Map(rows.map((r) => [r.measure.id, r]));
	return measures.flatMap((m) => {
		const row = byId.get(m.id);
		if (m.kind === 'existing' || !row) return [{ ...m, agency: agencyOf(m.agency) }];
		if (row.status === 'dropped') return [];
		const agency = row.owner?.kind === 'agency' ? row.owner.agencyId : m.agency;
		if (row.status === 'done') return [{ ...m, kind: 'existing' as const, status: 'done' as const, agency: agencyOf(agency), due: row.due }];
		return [{ ...m, status: row.status, agency: agencyOf(agency), due: row.due }];
	});
}
