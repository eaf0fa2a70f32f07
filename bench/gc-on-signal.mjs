// Preloaded into the dashboard by the memory benches (node --expose-gc --import this file):
// SIGUSR2 runs a full garbage collection and prints `GC` on stdout, so RSS is read after it.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  process.stdout.write(globalThis.gc ? 'GC\n' : 'NOGC\n');
});
