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
		files: ['src/lib/components/**', 'src/lib/client/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: SERVER }] }
	}
);
