import type { ExportLabels } from '../src/lib/server/protocol/labels';

/** English headings for the export benchmark (the app builds them from the message catalogue). */
const words = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, k.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase())]));
export const exportLabelsPlain = {
	...words(['title', 'version', 'digest', 'contents', 'agencies', 'lead', 'part1', 'part2', 'part3', 'part4', 'annexes', 'screening', 'context', 'risks', 'riskMatrix', 'before', 'after', 'actionPlan', 'opinion', 'acceptance', 'sharingMatrix', 'requests', 'chain', 'auditDecision', 'termsStatus', 'certificate', 'signedBy', 'role', 'agency', 'time', 'auth', 'address', 'browser', 'decision', 'attestations', 'sealNote']),
	kinds: { approver: 'Approver', signatory: 'Signatory', countersignatory: 'Lead agency countersignature' },
	decisions: { signed: 'Signed', declined: 'Declined' },
	columns: words(['risk', 'measure', 'owner', 'due', 'status', 'category', 'step', 'deadline', 'channel', 'type', 'receiver', 'decider', 'days', 'logging', 'level', 'scenario', 'severity', 'authority', 'subjects', 'missed', 'applies', 'duty']),
	termsRapidOnset: 'termsRapidOnset',
	likelihoodUnknown: 'likelihoodUnknown',
	art35: words(['dpoAdvice', 'reviewDate', 'priorConsultation']),
	register: words(['title', 'intro', 'column', 'what', 'exercises', 'notRecorded', 'safetyChecked', 'awarenessStep']),
	// every stored code has a word of its own ("kind:code" → "word kind:code")
	words: new Proxy({}, { get: (_, key) => `word ${String(key)}` })
} as unknown as ExportLabels;
