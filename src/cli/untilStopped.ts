/** Resolves when the user stops a long-running command (Ctrl-C) or the system asks it to end. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
