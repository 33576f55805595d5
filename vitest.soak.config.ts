import base from './vite.config';

/**
 * `npm run test:soak`: the long robustness runs (issue 8). The soak itself, and the suite's fuzzing
 * and compaction tests at full length: 100,000 fuzzed frames, an hour-equivalent of 60 people typing.
 */
export default {
	...base,
	test: {
		...base.test,
		include: ['tests/soak/**/*.spec.ts', 'tests/integration/collab-robustness.spec.ts', 'tests/integration/collab-storage.spec.ts'],
		env: { ACCORD_FUZZ_FRAMES: '100000', ACCORD_SOAK_CHANGES_PER_PERSON: '600' },
		testTimeout: 30 * 60_000,
		fileParallelism: false
	}
};
