/** The boards of a workshop. Each is one Yjs document at /collab/<workshop-id>/<board>. */
export const BOARD_IDS = ['agenda', 'dpia', 'dpisp', 'terms', 'breach'] as const;
export type BoardId = (typeof BOARD_IDS)[number];

/** The rollout steps that each have their own board, in workshop order. */
export const STEP_BOARDS = [
	{ board: 'dpia', step: 6 },
	{ board: 'dpisp', step: 7 },
	{ board: 'terms', step: 8 },
	{ board: 'breach', step: 9 }
] as const satisfies readonly { board: BoardId; step: number }[];

export type StepBoardId = (typeof STEP_BOARDS)[number]['board'];

export const BOARD_STATES = ['not-started', 'in-progress', 'ready', 'frozen'] as const;
export type BoardState = (typeof BOARD_STATES)[number];

export const ROLLOUT_TYPES = ['inter-agency', 'refugee', 'government-only'] as const;
export type RolloutType = (typeof ROLLOUT_TYPES)[number];

export function isBoardId(value: string): value is BoardId {
	return (BOARD_IDS as readonly string[]).includes(value);
}

/** Step 6 (the DPIA) is not required when only government partners take part. */
export function isBoardRequired(board: BoardId, rollout: RolloutType): boolean {
	return !(board === 'dpia' && rollout === 'government-only');
}

/** Documents are stored under one name per workshop board. */
export function documentName(workshopId: string, board: BoardId): string {
	return `${workshopId}/${board}`;
}
