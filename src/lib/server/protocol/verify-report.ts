import type { ProtocolRepository } from '../repositories/types';
import type { VerifyReport } from './seal';

/** A verification by the server: the file's own report, and what this instance knows of that version. */
export interface InstanceVerifyReport extends VerifyReport {
	/** Whether this instance froze that version, and whether it was reopened (voided) since. */
	registry: { known: boolean; voided: boolean; voidedAt: number | null } | null;
}

/** Adds what the instance's records say of a verified version (it may have been reopened since). */
export function withRegistry(report: VerifyReport, protocols: ProtocolRepository, termsSigned: (digest: string) => boolean = () => false): InstanceVerifyReport {
	if (!report.valid || !report.content) return { ...report, registry: null };
	if (report.content.document === 'terms') return { ...report, registry: { known: termsSigned(report.content.digest), voided: false, voidedAt: null } };
	const freeze = protocols.freezeByDigest(report.content.digest);
	return { ...report, registry: { known: !!freeze, voided: freeze?.voidedAt != null, voidedAt: freeze?.voidedAt ?? null } };
}
