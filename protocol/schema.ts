import type { z } from 'zod';
import { AtriumError } from './errors.js';

/** Parses a payload at an edge; a mismatch becomes `invalid_payload` naming the first wrong field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const field = issue?.path.length ? issue.path.join('.') : undefined;
	throw new AtriumError('invalid_payload', describe(result.error), field);
}

export function describe(error: z.ZodError): string {
	return error.issues
		.slice(0, 3)
		.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
		.join('; ');
}
