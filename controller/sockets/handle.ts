import type { Socket } from 'socket.io';
import type { z } from 'zod';
import {
	AtriumError,
	fail,
	parse,
	toProtocolError,
	type ProtocolError,
	type Response
} from '../../protocol/index.js';
import type { Logger } from '../logger.js';

type Ack<T> = (res: Response<T>) => void;

/**
 * Wires one socket event as validate → act → acknowledge. Whatever goes wrong, the sender gets a
 * typed error from the fixed list and the controller a log line; the process never crashes on input.
 */
export function handle<S extends z.ZodType, T>(
	socket: Socket,
	event: string,
	schema: S | null,
	log: Logger,
	act: (payload: z.infer<S>) => Promise<T> | T
): void {
	socket.on(event, async (...args: unknown[]) => {
		const ack = typeof args.at(-1) === 'function' ? (args.pop() as Ack<T>) : null;
		try {
			if (!ack) throw new AtriumError('invalid_payload', 'acknowledgement callback missing');
			const payload = schema ? parse(schema, args[0]) : undefined;
			const data = await act(payload as z.infer<S>);
			ack({ data });
		} catch (err) {
			const error = toProtocolError(err);
			log.warn(`${socket.nsp.name} ${event} from ${who(socket)}: ${error.code}`, detail(err));
			if (ack) ack({ error });
			else socket.emit('protocol:error', { ...error, event });
		}
	});
}

/** Answers events that are not in the namespace's map with `unknown_event`. */
export function rejectUnknown(socket: Socket, known: readonly string[], log: Logger): void {
	socket.onAny((event: string, ...args: unknown[]) => {
		if (known.includes(event)) return;
		const error: ProtocolError = fail('unknown_event').error;
		log.warn(`${socket.nsp.name} unknown event ${JSON.stringify(String(event).slice(0, 64))} from ${who(socket)}`);
		const ack = args.at(-1);
		if (typeof ack === 'function') (ack as Ack<never>)({ error });
		else socket.emit('protocol:error', { ...error, event: String(event).slice(0, 64) });
	});
}

function who(socket: Socket): string {
	const d = socket.data as { device?: { id: string }; user?: { username: string } };
	return d.device?.id ?? d.user?.username ?? socket.id;
}

function detail(err: unknown): string {
	if (err instanceof AtriumError) return err.message;
	return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
