import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const layering = (message, patterns) => ({
	'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }]
});

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'test-results/', 'playwright-report/', 'bench/out/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		files: ['**/*.ts', '**/*.svelte'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'] } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
		}
	},
	// The kiosk and signage bundles stay small: their values come from protocol's schema-free modules.
	{
		files: ['kiosk/**', 'signage/**'],
		ignores: ['**/*.spec.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: '$protocol',
							allowTypeImports: true,
							message:
								'Import values from $protocol/locale, /hours, /ids, /screen-link…: $protocol pulls zod into the screen.'
						}
					],
					patterns: [
						{
							group: ['**/controller/**', '**/agent/**'],
							message: 'Screens import $protocol, never controller or agent code.'
						}
					]
				}
			]
		}
	},
	// Layering, as DESIGN.md draws it: screens → protocol; agent → protocol; controller → protocol.
	{
		files: ['console/**', 'src/**'],
		rules: layering('Screens import $protocol, never controller or agent code.', [
			'**/controller/**',
			'**/agent/**',
			'$controller/**',
			'$agent/**'
		])
	},
	{
		files: ['agent/**'],
		rules: layering('The agent talks to the controller over /device, never by import.', [
			'**/controller/**',
			'**/kiosk/**',
			'**/signage/**',
			'**/console/**'
		])
	},
	{
		files: ['controller/**'],
		ignores: ['controller/**/*.spec.ts'],
		rules: layering('The controller imports protocol only.', [
			'**/agent/**',
			'**/kiosk/**',
			'**/signage/**',
			'**/console/**'
		])
	},
	{
		files: ['protocol/**'],
		rules: layering('protocol/ is imported by everyone and imports nobody.', [
			'../controller/**',
			'../agent/**',
			'../kiosk/**',
			'../signage/**',
			'../console/**',
			'$kiosk/**',
			'$signage/**',
			'$console/**'
		])
	}
);
