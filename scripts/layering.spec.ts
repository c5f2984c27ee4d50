import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from './mall.js';

/** The folder boundaries of DESIGN.md are kept by lint; these cases prove the rule bites. */
describe('layering lint rule', () => {
	const eslint = new ESLint({ cwd: ROOT });
	// The text is linted as if it were that (existing) file: type-aware lint parses project files only.
	const lint = async (filePath: string, code: string) => {
		const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${filePath}` });
		return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
	};

	it.each([
		['kiosk/i18n.ts', "import { startAgent } from '../agent/agent.js';\nvoid startAgent;\n"],
		['console/i18n.ts', "import { createApplication } from '../controller/app.js';\nvoid createApplication;\n"],
		['agent/outbox.ts', "import { createApplication } from '../controller/app.js';\nvoid createApplication;\n"],
		['controller/clock.ts', "import { startAgent } from '../agent/agent.js';\nvoid startAgent;\n"],
		['protocol/ids.ts', "import { Kiosk } from '../kiosk/kiosk.svelte.js';\nvoid Kiosk;\n"]
	])('refuses a wrong-way import in %s', async (file, code) => {
		expect(await lint(file, code)).toHaveLength(1);
	});

	it('allows screens to import the protocol: types from the root, values from its zod-free modules', async () => {
		expect(await lint('kiosk/i18n.ts', "import { uuidv7 } from '$protocol/ids';\nvoid uuidv7;\n")).toEqual([]);
		expect(await lint('kiosk/i18n.ts', "import type { Shop } from '$protocol';\nexport type S = Shop;\n")).toEqual([]);
	});

	it('keeps zod out of the screens: a value import from the protocol root is refused', async () => {
		expect(await lint('kiosk/i18n.ts', "import { uuidv7 } from '$protocol';\nvoid uuidv7;\n")).toHaveLength(1);
	});
});
