// A process that speaks the benchmark server's IPC protocol without a database: it says it serves,
// answers CPU-time requests, and idles until it is killed. For the parent's handle on a server that dies.
process.on('message', (message) => {
  if (message.type === 'start') process.send({ type: 'ready', port: 1, serverVersion: 'none', settings: {} });
  else if (message.type === 'cpu') process.send({ type: 'cpu', id: message.id, us: 1 }, () => undefined);
  else if (message.type === 'stop') process.exit(0);
});
setInterval(() => undefined, 60_000);
