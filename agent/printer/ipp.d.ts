/** The parts of the untyped `ipp` package (2.0.1) the agent uses: its message codec. */
declare module 'ipp' {
	export interface IppMessage {
		version?: string;
		operation?: string;
		statusCode?: string;
		id?: number;
		'operation-attributes-tag'?: Record<string, unknown>;
		'job-attributes-tag'?: Record<string, unknown>;
		'printer-attributes-tag'?: Record<string, unknown>;
		'unsupported-attributes-tag'?: Record<string, unknown>;
		/** The document, appended after the attributes; must be a Node Buffer. */
		data?: Buffer;
	}
	export function serialize(message: IppMessage): Buffer;
	export function parse(body: Buffer): IppMessage;
	const ipp: { serialize: typeof serialize; parse: typeof parse };
	export default ipp;
}
