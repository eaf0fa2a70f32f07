// Loaded before every test file: a process warning or an unhandled rejection fails the run
// instead of scrolling past (style §2.6).
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning') return;
  throw warning;
});
process.on('unhandledRejection', (reason) => {
  throw reason;
});
