/** One line per entry, prefixed with the component, so the demo's combined output stays readable. `quiet` keeps only errors (tests). */
export interface Logger {
	info(message: string, detail?: string): void;
	warn(message: string, detail?: string): void;
	error(message: string, detail?: string): void;
}

export function createLogger(component: string, quiet = false): Logger {
	const line = (level: string, message: string, detail?: string) =>
		`${new Date().toISOString()} ${level} [${component}] ${message}${detail ? ` — ${detail}` : ''}`;
	return {
		info: (m, d) => {
			if (!quiet) console.log(line('info', m, d));
		},
		warn: (m, d) => {
			if (!quiet) console.warn(line('warn', m, d));
		},
		error: (m, d) => console.error(line('error', m, d))
	};
}
