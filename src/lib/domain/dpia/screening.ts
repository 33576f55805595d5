import type { RolloutType } from '../boards';

/**
 * Whether a DPIA is required. Government-only rollouts need none (the facilitator may continue
 * anyway). Otherwise, as in the European guidance on high-risk processing, two or more high-risk
 * criteria mean a DPIA is required; one means it is recommended.
 */
export type ScreeningConclusion = 'not-needed-government' | 'required' | 'recommended' | 'not-indicated';

export const CRITERIA_FOR_REQUIRED = 2;

export function screeningConclusion(rollout: RolloutType, tickedCriteria: number): ScreeningConclusion {
	if (rollout === 'government-only') return 'not-needed-government';
	if (tickedCriteria >= CRITERIA_FOR_REQUIRED) return 'required';
	if (tickedCriteria === 1) return 'recommended';
	return 'not-indicated';
}
