import { m } from '$lib/paraglide/messages';

/** Why a file is not valid, in the reader's language. */
export function verifyReasonLabel(reason: string): string {
	const labels: Record<string, () => string> = {
		unreadable: m.verify_reason_unreadable,
		'not-conforming': m.verify_reason_not_conforming,
		'no-seal': m.verify_reason_no_seal,
		'modified-after-sealing': m.verify_reason_modified,
		'seal-malformed': m.verify_reason_seal_malformed,
		'seal-broken': m.verify_reason_seal_broken,
		'content-changed': m.verify_reason_content_changed,
		'no-content': m.verify_reason_no_content,
		'sealed-elsewhere': m.verify_reason_sealed_elsewhere,
		'no-expected-certificate': m.verify_reason_no_expected,
		too_large: m.verify_reason_too_large
	};
	return (labels[reason] ?? m.verify_reason_seal_malformed)();
}

/** Which rule a modified PDF broke. */
export function verifyWhyLabel(why: string): string | null {
	const labels: Record<string, () => string> = {
		'bytes-after-signed-range': m.verify_why_bytes_after,
		'file-end-changed': m.verify_why_file_end,
		'incremental-update': m.verify_why_incremental,
		'cross-reference-broken': m.verify_why_xref,
		'more-than-one-signature': m.verify_why_two_signatures,
		'byte-range-malformed': m.verify_why_byte_range,
		'gap-not-signature': m.verify_why_gap,
		'attachment-malformed': m.verify_why_attachment
	};
	return labels[why]?.() ?? null;
}
