import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Import boundaries: the architecture the folders promise, enforced. */
const FRAMEWORK = ['svelte', 'svelte/*', 'yjs', 'y-*', '$app/*', '$env/*', '@sveltejs/*'];
const SERVER = ['$lib/server/*', '**/server/*', 'node:*', 'better-sqlite3', 'ws'];

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'src/lib/paraglide/', 'test-results/', 'playwright-report/', 'data/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		files: ['src/lib/domain/**'],
		ignores: ['**/*.spec.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: [...FRAMEWORK, ...SERVER, '$lib/collab/*', '$lib/client/*'] }] }
	},
	{
		files: ['src/lib/collab/**'],
		ignores: ['**/*.spec.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: [...SERVER, '$app/*', '$lib/client/*'] }] }
	},
	{
		// The collaboration engine knows no board and no app service: they plug in through CollabHooks.
		files: ['src/lib/server/collab/**'],
		ignores: ['**/*.spec.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['$lib/*', '$app/*'], message: 'server/collab is the engine: it knows nothing of the app.' },
						{ regex: '^\\.\\./(?!\\.\\./collab/(close-codes|protocol|origins)$)', message: 'server/collab is the engine: it imports only itself and the wire protocol (src/lib/collab/close-codes, protocol, origins).' }
					]
				}
			]
		}
	},
	{
		// A board module stands alone: it may use the rules and the board interface, never another board.
		files: ['src/lib/server/boards/*.ts'],
		ignores: ['**/*.spec.ts', 'src/lib/server/boards/registry.ts', 'src/lib/server/boards/workshop-boards.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [{ regex: '^\\./(?!(board|rules)$)', message: 'A board module may not import another board (list boards in registry.ts).' }] }]
		}
	},
	{
		// A board's shared shape stands alone too: no board document imports another.
		files: ['src/lib/collab/*-doc.ts', 'src/lib/collab/*-records.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [{ regex: '^\\./[a-z]+-doc$', message: 'A board document may not import another board (share code through collab/ helpers).' }] }]
		}
	},
	{
		// Fixtures live in tests/fixtures; benchmarks use them, never the reverse.
		files: ['tests/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/bench/*'], message: 'Shared fixtures belong in tests/fixtures (bench imports them).' }] }] }
	},
	{
		files: ['src/lib/components/**', 'src/lib/client/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: SERVER }] }
	}
);
