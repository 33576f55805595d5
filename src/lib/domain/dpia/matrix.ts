import type { Rating } from './scoring';

/** Where risks sit on the severity × likelihood heat map, before and after measures. */
export interface MatrixRisk {
	id: string;
	inherent: Rating | null;
	residual: Rating | null;
}

export interface MatrixCell {
	severity: number;
	likelihood: number;
	inherent: string[];
	residual: string[];
}

/** Rows from the highest likelihood down, columns from the lowest severity up, as usually drawn. */
export function buildMatrix(risks: readonly MatrixRisk[], levels: { severity: number; likelihood: number }): MatrixCell[][] {
	const rows: MatrixCell[][] = [];
	for (let l = levels.likelihood; l >= 1; l--) {
		const row: MatrixCell[] = [];
		for (let s = 1; s <= levels.severity; s++) row.push({ severity: s, likelihood: l, inherent: [], residual: [] });
		rows.push(row);
	}
	const cell = (r: Rating) => rows[levels.likelihood - r.likelihood]?.[r.severity - 1];
	for (const risk of risks) {
		if (risk.inherent) cell(risk.inherent)?.inherent.push(risk.id);
		if (risk.residual) cell(risk.residual)?.residual.push(risk.id);
	}
	return rows;
}

/** Arrows from each risk's inherent position to its residual one (only when both exist and differ). */
export function movements(risks: readonly MatrixRisk[]): { id: string; from: Rating; to: Rating }[] {
	return risks
		.filter((r): r is MatrixRisk & { inherent: Rating; residual: Rating } => !!r.inherent && !!r.residual)
		.filter((r) => r.inherent.severity !== r.residual.severity || r.inherent.likelihood !== r.residual.likelihood)
		.map((r) => ({ id: r.id, from: r.inherent, to: r.residual }));
}
