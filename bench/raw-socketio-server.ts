import { createServer } from 'node:http';
import { Server } from 'socket.io';

/**
 * The baseline's server: plain socket.io in its own process, counting events one way and saying
 * when it has them all. The same shape as the controller, without Atrium.
 */
const http = createServer();
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
	let expected = 0;
	let count = 0;
	socket.on('expect', (n: number) => {
		expected = n;
		count = 0;
	});
	socket.on('e', () => {
		if (++count === expected) socket.emit('done', count);
	});
});
http.listen(0, '127.0.0.1', () => {
	const address = http.address();
	console.log(`RAW_READY ${typeof address === 'object' && address ? address.port : 0}`);
});
